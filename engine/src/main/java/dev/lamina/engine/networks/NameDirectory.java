package dev.lamina.engine.networks;

import java.net.Inet4Address;
import java.util.List;

/**
 * The names the embedded DNS answers for one container, as the engine knows them at
 * the moment of the question (so answers follow connects, disconnects, starts, stops
 * and renames): running containers on a user network the asker is on too.
 */
public interface NameDirectory {
    /**
     * The addresses {@code name} (any case, no final dot) has for the container {@code asker}:
     * a container's name, network alias or short id on a user network they share (its address
     * there), any of these followed by that network's name, or host.docker.internal; empty when
     * the name is none of these.
     */
    List<Inet4Address> addresses(String asker, String name);

    /** The name ("NAME.NETWORK") of the container at {@code address} on a user network the asker is on, or null. */
    String name(String asker, Inet4Address address);
}
