/** A container's spec from its image's config and the user's choices, shared by cli and the engine. */
module dev.lamina.container {
    requires transitive dev.lamina.kernel;
    requires transitive dev.lamina.image;

    exports dev.lamina.container;
}
