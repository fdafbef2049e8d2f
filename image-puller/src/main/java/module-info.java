/**
 * Images: references, the registry client, the content store, layer unpacking and
 * image archives. It exports what cli and the container module use, which is each
 * of its packages (http for the proxy settings and timeouts, json for inspect).
 * Its JSON is Jackson's tree model, which its API hands out (an image's raw config).
 */
module dev.lamina.image {
    requires transitive dev.lamina.rootfs;
    requires com.github.luben.zstd_jni;
    requires transitive com.fasterxml.jackson.databind;
    requires jdk.security.auth; // UnixSystem: whether unpacking runs as root

    exports dev.lamina.image;
    exports dev.lamina.image.archive;
    exports dev.lamina.image.http;
    exports dev.lamina.image.json;
    exports dev.lamina.image.layer;
    exports dev.lamina.image.oci;
    exports dev.lamina.image.ref;
    exports dev.lamina.image.registry;
    exports dev.lamina.image.store;
}
