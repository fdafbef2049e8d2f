use std::os::unix::process::ExitStatusExt;
use std::process::Command;

// Recursion deep enough to overflow the main thread's stack.
fn deep(n: u64, v: &mut Vec<u64>) -> u64 {
    let a = [n; 128];
    v.push(a[3]);
    if n == u64::MAX {
        return 0;
    }
    deep(n + 1, v) + a[(n % 128) as usize]
}

// A child's exec failure reaches the parent (glibc's posix_spawn, from a thread with an
// alternate signal stack, as Rust's main thread has); a child that overflows its main stack
// is told so by Rust's guard page, and aborts.
fn main() {
    if std::env::args().nth(1).as_deref() == Some("overflow") {
        let mut v = Vec::new();
        println!("{}", deep(0, &mut v));
        return;
    }
    match Command::new("/nonexistent").spawn() {
        Ok(_) => println!("spawn of a missing program: spawned"),
        Err(e) => println!("spawn of a missing program: {:?}", e.kind()),
    }
    let out = Command::new("sh").args(["-c", "echo from the child; exit 3"]).output().unwrap();
    println!("{} exit {:?}", String::from_utf8_lossy(&out.stdout).trim(), out.status.code());
    let me = std::env::current_exe().unwrap();
    let o = Command::new(me).arg("overflow").output().unwrap();
    println!("overflow: {} signal {:?}", String::from_utf8_lossy(&o.stderr).trim(), o.status.signal());
}
