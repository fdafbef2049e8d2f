#!/bin/sh
# elf_check against real programs and broken ones made from them.
set -u
cli=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
expect() { # NAME FILE EXPECTED-LINE
	got=$("$cli" "$2" 2>&1)
	if [ "$got" = "$3" ]; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "FAIL $1: expected '$3', got '$got'"; fi
}
musl_prog=$work/hello
printf 'int main(void){return 0;}\n' > "$work/hello.c"
musl-gcc -o "$musl_prog" "$work/hello.c"
expect "musl PIE" "$musl_prog" "ok type=dyn interp=/lib/ld-musl-x86_64.so.1"
musl-gcc -static -no-pie -o "$work/static" "$work/hello.c"
expect "static ET_EXEC" "$work/static" "ok type=exec interp=-"
expect "glibc program" /bin/true "ok type=dyn interp=/lib64/ld-linux-x86-64.so.2"
# A note owned by "Go", as Go's linker writes its build id (cgo programs too).
cat > "$work/go.c" <<'EOF_C'
__asm__(".section .note.go.buildid,\"a\",@note\n.p2align 2\n.long 3\n.long 4\n.long 4\n.asciz \"Go\"\n.p2align 2\n.ascii \"abcd\"\n.previous");
int main(void){return 0;}
EOF_C
musl-gcc -o "$work/go" "$work/go.c"
expect "a Go note" "$work/go" "ok type=dyn interp=/lib/ld-musl-x86_64.so.1 go"
# Go's linker pads the owner's name to 4 bytes (namesz 4).
sed 's/.long 3/.long 4/; s/.asciz \\"Go\\"/.asciz \\"Go\\"\\n.byte 0/' "$work/go.c" > "$work/go4.c"
musl-gcc -o "$work/go4" "$work/go4.c"
expect "a Go note, padded" "$work/go4" "ok type=dyn interp=/lib/ld-musl-x86_64.so.1 go"
# Notes reaching past the first page: read in a second go (elf_read_headers).
cat > "$work/go-far.c" <<'EOF_C'
__asm__(".section .note.a.pad,\"a\",@note\n.p2align 2\n.long 4\n.long 8192\n.long 1\n.asciz \"Pad\"\n.fill 8192,1,0\n.previous");
__asm__(".section .note.z.go,\"a\",@note\n.p2align 2\n.long 3\n.long 4\n.long 4\n.asciz \"Go\"\n.p2align 2\n.ascii \"abcd\"\n.previous");
int main(void){return 0;}
EOF_C
musl-gcc -o "$work/go-far" "$work/go-far.c"
expect "a Go note past the first page" "$work/go-far" "ok type=dyn interp=/lib/ld-musl-x86_64.so.1 go"
printf 'hello, I am text\n' > "$work/text"
expect "text file" "$work/text" "error: not an ELF file"
head -c 40 "$musl_prog" > "$work/short"
expect "truncated header" "$work/short" "error: truncated ELF header"
head -c 100 "$musl_prog" > "$work/short2"
expect "truncated program headers" "$work/short2" "error: truncated program header table"
head -c 12000 "$work/static" > "$work/static-cut"
expect "segment cut short" "$work/static-cut" "error: truncated program: its segments reach past the end of the file"
head -c 8192 "$musl_prog" > "$work/pie-cut"
expect "PIE cut short" "$work/pie-cut" "error: truncated program: its segments reach past the end of the file"
cp "$musl_prog" "$work/arm"; printf '\267\000' | dd of="$work/arm" bs=1 seek=18 conv=notrunc 2>/dev/null
expect "aarch64 program" "$work/arm" "error: this is an aarch64 program; this host runs x86_64"
cp "$musl_prog" "$work/c32"; printf '\001' | dd of="$work/c32" bs=1 seek=4 conv=notrunc 2>/dev/null
expect "32-bit class" "$work/c32" "error: 32-bit programs are not supported"
cp "$musl_prog" "$work/phnum"; printf '\377\000' | dd of="$work/phnum" bs=1 seek=56 conv=notrunc 2>/dev/null
expect "lying phnum" "$work/phnum" "error: bad number of program headers"
cp "$musl_prog" "$work/entry"; printf '\377\377\377\377\377\377\000\000' | dd of="$work/entry" bs=1 seek=24 conv=notrunc 2>/dev/null
expect "entry outside code" "$work/entry" "error: the entry point is not in an executable segment"
cp "$musl_prog" "$work/type"; printf '\001\000' | dd of="$work/type" bs=1 seek=16 conv=notrunc 2>/dev/null
expect "relocatable object" "$work/type" "error: not an executable program (wrong ELF type)"
echo "elf_check: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
