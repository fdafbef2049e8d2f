package dev.lamina.engine.containers;

/**
 * The body of `POST /containers/{id}/update` (`docker update`, docker-java's
 * UpdateContainerCmd): the resource limits the engine shows and the restart policy.
 * As moby reads it, a limit given as null or 0 is left as it is (the docker CLI sends
 * every field, those not asked for as 0), PidsLimit whenever given, the restart policy
 * when it names one (its Name empty: left). CPU shares, the memory reservation and
 * the block I/O weight are kept and shown as the create keeps them (not enforced);
 * other fields of moby's Resources are accepted and left.
 */
public record UpdateRequest(Long memory, Long memorySwap, Long nanoCpus, Long cpuQuota, Long cpuPeriod, Long pidsLimit,
                            RestartPolicy restartPolicy, Long cpuShares, Long memoryReservation, Integer blkioWeight) {
    /** As sent: an empty Name asks for no change (CreateRequest's reads it as "no"). */
    public record RestartPolicy(String name, Integer maximumRetryCount) {
        boolean given() { return name != null && !name.isEmpty(); }

        CreateRequest.RestartPolicy asCreated() { return new CreateRequest.RestartPolicy(name, maximumRetryCount); }
    }

    boolean restartPolicyGiven() { return restartPolicy != null && restartPolicy.given(); }

    /** {@code old} if this leaves the limit as it is, else the new one. */
    static Long limit(Long asked, Long old) {
        return asked == null || asked == 0 ? old : asked;
    }

    static Integer limit(Integer asked, Integer old) {
        return asked == null || asked == 0 ? old : asked;
    }
}
