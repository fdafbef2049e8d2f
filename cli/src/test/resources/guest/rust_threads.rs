use std::sync::mpsc;
use std::thread;
// Threads that end one after another: each unmaps its signal stack as it ends.
fn main() {
    let (tx, rx) = mpsc::channel();
    let mut handles = Vec::new();
    for i in 0..8u64 {
        let tx = tx.clone();
        handles.push(thread::spawn(move || {
            let sum: u64 = (0..=i * 1000).sum();
            tx.send(sum).unwrap();
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
    drop(tx);
    let total: u64 = rx.iter().sum();
    println!("8 threads ended, total {}", total);
}
