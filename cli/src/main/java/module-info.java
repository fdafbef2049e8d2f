/** The lamina command. It exports nothing: ./lamina starts dev.lamina.cli.Main. */
module dev.lamina.cli {
    requires dev.lamina.container;
    requires dev.lamina.engine;
    requires dev.lamina.image;
    requires dev.lamina.kernel;
}
