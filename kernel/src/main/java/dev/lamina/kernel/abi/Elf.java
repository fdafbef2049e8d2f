package dev.lamina.kernel.abi;

/** The few ELF64 fields the kernel reads (elf.h): enough to find a
 * program's interpreter. The init host's elf-loader checks everything. */
public final class Elf {
    private Elf() {}

    public static final int EI_CLASS = 4;
    public static final int ELFCLASS32 = 1;
    public static final int EHDR_TYPE = 16;
    public static final int ET_EXEC = 2;
    public static final int ET_DYN = 3;
    /** sizeof(Elf32_Ehdr), sizeof(Elf64_Ehdr) */
    public static final int EHDR_SIZE_32 = 52;
    public static final int EHDR_SIZE_64 = 64;
    public static final int EHDR_PHOFF = 32;
    public static final int EHDR_PHENTSIZE = 54;
    public static final int EHDR_PHNUM = 56;
    public static final int PHDR_SIZE = 56;
    public static final int PHDR_TYPE = 0;
    public static final int PHDR_OFFSET = 8;
    public static final int PHDR_FILESZ = 32;
    public static final int PT_INTERP = 3;
    public static final int INTERP_MAX = 256;
}
