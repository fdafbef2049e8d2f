package dev.lamina.engine.containers;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/** Container ids (64 hex digits, as Docker's) and names: chosen by the user, or made up as Docker does (adjective_surname). */
final class Names {
    /** Docker's rule for a container name. */
    static final Pattern VALID = Pattern.compile("/?[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> LEFT = List.of("admiring", "brave", "calm", "clever", "eager", "focused",
            "gentle", "happy", "jolly", "keen", "lucid", "nifty", "quirky", "serene", "sharp", "vibrant", "wizardly", "zen");
    private static final List<String> RIGHT = List.of("babbage", "curie", "dijkstra", "euler", "feynman", "hopper",
            "kepler", "lamport", "liskov", "lovelace", "noether", "pike", "ritchie", "shannon", "thompson", "turing", "wirth");

    private Names() {}

    static String newId() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static String generated() {
        return LEFT.get(RANDOM.nextInt(LEFT.size())) + "_" + RIGHT.get(RANDOM.nextInt(RIGHT.size()));
    }

    /** A user's name without Docker's leading slash; refused (400) when Docker would refuse it. */
    static String checked(String name) {
        if (!VALID.matcher(name).matches())
            throw dev.lamina.engine.http.ApiException.badRequest("Invalid container name (" + name
                    + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        return name.startsWith("/") ? name.substring(1) : name;
    }
}
