// A static Go program (CGO_ENABLED=0): Go's runtime makes its own system
// calls (raw clone for its threads, SIGURG to preempt, its own signal
// handlers, SIGSYS among them; signal.Notify), which Lamina serves in compat mode.
//
//	gostatic PORT   prints what it sees, one fact a line, then serves one
//	                TCP connection on 127.0.0.1:PORT ("hello from go")
package main

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

func main() {
	fmt.Println("pid", os.Getpid())

	// Goroutines on several threads at once: each locks a thread of its own.
	const workers = 4
	var ready, done sync.WaitGroup
	ready.Add(workers)
	done.Add(workers)
	release := make(chan struct{})
	var mu sync.Mutex
	tids := map[int]bool{}
	for i := 0; i < workers; i++ {
		go func() {
			runtime.LockOSThread()
			mu.Lock()
			tids[syscall.Gettid()] = true
			mu.Unlock()
			ready.Done()
			<-release
			done.Done()
		}()
	}
	ready.Wait()
	fmt.Println("threads", len(tids))
	close(release)
	done.Wait()

	// Preemption: with one P, a loop without calls gives the CPU up only
	// when the runtime's SIGURG interrupts it.
	runtime.GOMAXPROCS(1)
	stop := make(chan bool)
	spinning := make(chan bool)
	go func() {
		spinning <- true
		for x := 0; ; x++ {
			if x < 0 {
				fmt.Println(x)
			}
		}
	}()
	<-spinning
	go func() { time.Sleep(20 * time.Millisecond); stop <- true }()
	select {
	case <-stop:
		fmt.Println("preempted true")
	case <-time.After(10 * time.Second):
		fmt.Println("preempted false")
	}
	runtime.GOMAXPROCS(2)

	t := time.Now()
	<-time.NewTimer(30 * time.Millisecond).C
	fmt.Println("timer", time.Since(t) >= 30*time.Millisecond)

	out, err := exec.Command("/bin/busybox", "echo", "from", "busybox").Output()
	fmt.Printf("exec %q %v\n", strings.TrimSpace(string(out)), err)

	// A signal from another process while every thread waits (asleep in a
	// futex, on its signal stack): Go's handler takes it at once, and
	// signal.Notify hands it over.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM)
	go exec.Command("/bin/busybox", "kill", "-TERM", strconv.Itoa(os.Getpid())).Run()
	select {
	case s := <-sigs:
		fmt.Println("signal", s)
	case <-time.After(3 * time.Second):
		fmt.Println("signal none")
	}
	signal.Stop(sigs)

	if len(os.Args) > 1 {
		l, err := net.Listen("tcp", "127.0.0.1:"+os.Args[1])
		if err != nil {
			fmt.Println("listen", err)
			os.Exit(1)
		}
		fmt.Println("listening")
		c, err := l.Accept()
		if err == nil {
			c.Write([]byte("hello from go\n"))
			c.Close()
		}
	}
}
