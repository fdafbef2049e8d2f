// Waits, without polling, for a top-level window whose name starts with PREFIX to be
// mapped and then drawn in: prints "ready", then the wall clock in ms at the map,
// "mapped MS", and at the first drawing that leaves its top 48 rows (a title or tab
// row) in more than two colours, "painted MS": the server's own clearing of a newly
// mapped window is one colour. Drawing is learnt from X's Damage extension; polling the
// X server (xwininfo in a loop) took a CPU from the app it timed.
//   x_window_ready PREFIX [TIMEOUT_S]     build: gcc -O2 -o x_window_ready x_window_ready.c -lX11 -lXdamage
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/Xdamage.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long long now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int named(Display *d, Window w, const char *prefix) {
    XTextProperty p;
    int match = 0;
    Atom utf8 = XInternAtom(d, "UTF8_STRING", False);
    Atom net_name = XInternAtom(d, "_NET_WM_NAME", False);
    if (XGetTextProperty(d, w, &p, net_name) && p.value) {
        match = p.encoding == utf8 && strncmp((char *)p.value, prefix, strlen(prefix)) == 0;
        XFree(p.value);
    }
    if (!match && XGetWMName(d, w, &p) && p.value) {
        match = strncmp((char *)p.value, prefix, strlen(prefix)) == 0;
        XFree(p.value);
    }
    return match;
}

/* Whether the top rows of the window hold more than two colours. */
static int drawn(Display *d, Window w) {
    XWindowAttributes a;
    if (!XGetWindowAttributes(d, w, &a) || a.width <= 0 || a.height <= 0) return 0;
    XImage *img = XGetImage(d, w, 0, 0, (unsigned)a.width, (unsigned)(a.height < 48 ? a.height : 48), AllPlanes, ZPixmap);
    if (!img) return 0;
    unsigned long first = XGetPixel(img, 0, 0), second = first;
    int colours = 1;
    for (int y = 0; y < img->height && colours < 3; y++)
        for (int x = 0; x < img->width && colours < 3; x++) {
            unsigned long p = XGetPixel(img, x, y);
            if (p == first || p == second) continue;
            if (colours == 1) second = p;
            colours++;
        }
    XDestroyImage(img);
    return colours > 2;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: x_window_ready PREFIX [TIMEOUT_S]\n");
        return 2;
    }
    long long deadline = now_ms() + 1000LL * (argc > 2 ? atoi(argv[2]) : 60);
    Display *d = XOpenDisplay(NULL);
    if (!d) {
        fprintf(stderr, "x_window_ready: cannot open the display\n");
        return 1;
    }
    int damage_event, damage_error;
    if (!XDamageQueryExtension(d, &damage_event, &damage_error)) {
        fprintf(stderr, "x_window_ready: the X server has no Damage extension\n");
        return 1;
    }
    XSelectInput(d, DefaultRootWindow(d), SubstructureNotifyMask);
    XSync(d, False);
    printf("ready\n");
    fflush(stdout);
    Window window = None;
    Damage damage = None;
    for (;;) {
        while (!XPending(d)) {
            long long left = deadline - now_ms();
            if (left <= 0) {
                fprintf(stderr, "x_window_ready: no window named %s%s in time\n", argv[1], window ? " drawn" : "");
                return 1;
            }
            struct pollfd p = {.fd = ConnectionNumber(d), .events = POLLIN};
            poll(&p, 1, (int)left);
        }
        XEvent e;
        XNextEvent(d, &e);
        if (window == None && e.type == MapNotify && named(d, e.xmap.window, argv[1])) {
            window = e.xmap.window;
            printf("mapped %lld\n", now_ms());
            fflush(stdout);
            // Drawing done before this point is not reported: a window is drawn in only once mapped.
            damage = XDamageCreate(d, window, XDamageReportNonEmpty);
        } else if (window != None && e.type == damage_event + XDamageNotify
                   && ((XDamageNotifyEvent *)&e)->drawable == window) {
            // Taken away, so that the next drawing is reported again.
            XDamageSubtract(d, damage, None, None);
            if (drawn(d, window)) {
                printf("painted %lld\n", now_ms());
                return 0;
            }
        }
    }
}
