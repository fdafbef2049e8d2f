package dev.lamina.image.registry;

import dev.lamina.image.ref.ImageReference;
import java.util.List;

/**
 * What a request needs to be allowed at a registry: the token scopes to ask for
 * ("repository:NAME:pull", "repository:NAME:pull,push", and for a blob mount also
 * pull on the repository it comes from). Requests needing the same access share
 * one authorization.
 */
record Access(ImageReference image, List<String> scopes) {
    Access {
        scopes = List.copyOf(scopes);
    }

    static Access pull(ImageReference image) {
        return new Access(image, List.of(scope(image.repository(), "pull")));
    }

    static Access push(ImageReference image) {
        return new Access(image, List.of(scope(image.repository(), "pull,push")));
    }

    /** Push to {@code image}, and pull from {@code fromRepository} of the same registry (a mount). */
    static Access mount(ImageReference image, String fromRepository) {
        return new Access(image, List.of(scope(image.repository(), "pull,push"), scope(fromRepository, "pull")));
    }

    /** The key authorizations are cached under. */
    String key() {
        return image.registry() + " " + String.join(" ", scopes);
    }

    private static String scope(String repository, String actions) {
        return "repository:" + repository + ":" + actions;
    }
}
