package dev.lamina.cli;

import dev.lamina.container.Resources;
import dev.lamina.kernel.ContainerConfig;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * `lamina run`'s resource options as docker run takes them: --memory and --memory-swap
 * sizes ("64m", "1g", "-1" for unlimited swap), --cpus (a decimal), --pids-limit;
 * as HostConfig's fields for an engine, and as the kernel's limits. Null is unset.
 */
record RunLimits(Long memory, Long memorySwap, Long nanoCpus, Long pidsLimit) {
    /** docker's sizes (go-units RAMInBytes): a number, then b, k, m, g, t or p (binary multiples), an optional "i" and "b". */
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?) ?([kmgtp])?i?b?");

    static RunLimits parse(String memory, String memorySwap, String cpus, Long pidsLimit) {
        return new RunLimits(size(memory, "--memory", false), size(memorySwap, "--memory-swap", true), nanoCpus(cpus), pidsLimit);
    }

    /** The limits the kernel shows; dockerd's refusals as a usage error. */
    ContainerConfig.Limits limits() {
        return Resources.limits(memory, memorySwap, nanoCpus, null, null, pidsLimit);
    }

    private static Long size(String text, String option, boolean unlimited) {
        if (text == null) return null;
        if (unlimited && text.equals("-1")) return -1L;
        Matcher m = SIZE.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) throw new Main.UsageError(option + ": invalid size '" + text + "' (a number, then b, k, m or g)");
        int shift = m.group(2) == null ? 0 : 10 * ("kmgtp".indexOf(m.group(2)) + 1);
        return (long) (Double.parseDouble(m.group(1)) * (1L << shift));
    }

    private static Long nanoCpus(String cpus) {
        if (cpus == null) return null;
        try {
            double n = Double.parseDouble(cpus);
            if (!(n >= 0)) throw new NumberFormatException();
            return Math.round(n * 1e9);
        } catch (NumberFormatException e) {
            throw new Main.UsageError("--cpus: invalid number of CPUs '" + cpus + "'");
        }
    }
}
