/**
 * The Linux personality kernel. Exported: the kernel and the container's
 * configuration (dev.lamina.kernel: Kernel, ContainerConfig, Confinement, PortPlan,
 * PortUnavailableException, InitHosts, RuntimeFiles) and terminals (dev.lamina.kernel.host: Pty, RawMode and the HostCalls
 * they take). The ABI's constants go to the two modules that relay a terminal and
 * read wait statuses and the engine, and the syscalls package to the container module and the engine, for
 * ExecResolver.ExecFailure, which Kernel.run and Kernel.prepare throw, and the process package to the
 * engine, whose stats and top read a container's processes, and to the container module, which names
 * capabilities. Nothing else leaves the module.
 */
module dev.lamina.kernel {
    requires transitive dev.lamina.rootfs;

    exports dev.lamina.kernel;
    exports dev.lamina.kernel.host;
    exports dev.lamina.kernel.abi to dev.lamina.cli, dev.lamina.container, dev.lamina.engine;
    exports dev.lamina.kernel.syscalls to dev.lamina.container, dev.lamina.engine;
    exports dev.lamina.kernel.proc to dev.lamina.container, dev.lamina.engine;
}
