package dev.lamina.cli;

/** Lamina's version, from the jar's manifest (the build writes it); "dev" when run from classes. */
final class Version {
    private Version() {}

    static String text() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
