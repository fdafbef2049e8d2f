/**
 * The lamina command. It exports nothing: ./lamina starts dev.lamina.cli.Main.
 * picocli sets the commands' option fields, so it may reach into them.
 */
module dev.lamina.cli {
    requires dev.lamina.container;
    requires dev.lamina.engine;
    requires dev.lamina.image;
    requires dev.lamina.kernel;
    requires info.picocli;

    opens dev.lamina.cli to info.picocli;
}
