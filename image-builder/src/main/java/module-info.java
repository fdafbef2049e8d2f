/**
 * docker build's pure parts: the Dockerfile parser and its variable expansion
 * (dockerfile), and the build context a client sends (context: the tar, .dockerignore,
 * COPY/ADD sources). The engine's build executor uses both packages.
 */
module dev.lamina.builder {
    requires transitive dev.lamina.image; // Trees (removing a tree without following its links); an image root's owners (LayerMetadata)
    requires org.apache.commons.compress;
    requires com.fasterxml.jackson.databind;

    exports dev.lamina.builder.dockerfile;
    exports dev.lamina.builder.context;
}
