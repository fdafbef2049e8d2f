/** What an unpacked root records on host files for the kernel to serve: the owner and device xattrs. */
module dev.lamina.rootfs {
    exports dev.lamina.rootfs;
}
