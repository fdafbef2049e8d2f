package dev.lamina.engine.containers;

import dev.lamina.engine.http.ApiException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Docker's legacy links (`docker run --link NAME[:ALIAS]`, HostConfig.Links) on the
 * default bridge, as moby serves them: the linked container's bridge address under the
 * alias (and its name) in /etc/hosts, and the ALIAS_PORT..., ALIAS_NAME and ALIAS_ENV_...
 * variables (moby's daemon/links) in the linking container's processes. On user networks
 * the embedded DNS answers names, and moby skips these links; so does Lamina.
 */
public final class Links {
    private Links() {}

    /** One link made at a start: the alias the linking container uses, the container linked, its bridge address. */
    record Link(String alias, Container target, String ip) {}

    /** "NAME[:ALIAS]" as [name, alias] (the alias defaults to the name); 400 when malformed. */
    static String[] parse(String link) {
        String[] p = link.split(":", -1);
        String name = p[0].startsWith("/") ? p[0].substring(1) : p[0];
        String alias = p.length > 1 ? (p[1].startsWith("/") ? p[1].substring(1) : p[1]) : name;
        if (p.length > 2 || name.isEmpty() || alias.isEmpty() || alias.contains("/"))
            throw ApiException.badRequest("invalid link \"" + link + "\": the format is NAME[:ALIAS]");
        return new String[] {name, alias};
    }

    /** At a create: every link names a container there is; 400 otherwise, as dockerd's (a 404 would make the CLI pull the image). */
    static void check(CreateRequest.HostConfig h, Function<String, Container> find) {
        for (String l : h.links()) {
            String name = parse(l)[0];
            try {
                find.apply(name);
            } catch (ApiException e) {
                throw ApiException.badRequest("could not get container for " + name + ": No such container: " + name);
            }
        }
    }

    /**
     * The links of {@code self} on the default bridge, each target running and on the bridge; at a start
     * ({@code strict}) a target that is not is an error, as moby's, later (an /etc/hosts rewrite) it is left out.
     */
    static List<Link> resolve(ContainerRecord self, Function<String, Container> find, boolean strict) {
        List<Link> out = new ArrayList<>();
        if (!self.networks().containsKey("bridge")) return out;
        for (String l : self.config().hostConfig().links()) {
            String[] na = parse(l);
            Container target;
            try {
                target = find.apply(na[0]);
            } catch (ApiException e) {
                if (strict) throw ApiException.badRequest("could not get container for " + na[0] + ": No such container: " + na[0]);
                continue;
            }
            NetworkEndpoint e = target.record().networks().get("bridge");
            if (!target.running() || e == null || !e.addressed()) {
                if (strict)
                    throw ApiException.badRequest(!target.running()
                            ? "Cannot link to a non running container: /" + target.name() + " AS /" + self.name() + "/" + na[1]
                            : "Cannot link to /" + target.name() + ", as it does not belong to the default network");
                continue;
            }
            out.add(new Link(na[1], target, e.ipAddress()));
        }
        return out;
    }

    /** /etc/hosts lines: the address, the alias and the target's name when it differs. */
    static String hosts(List<Link> links) {
        StringBuilder b = new StringBuilder();
        for (Link l : links)
            b.append(l.ip()).append('\t').append(l.alias()).append(l.alias().equals(l.target().name()) ? "" : " " + l.target().name())
                    .append('\n');
        return b.toString();
    }

    /** The variables moby's links give the linking container's processes, before its own (which win). */
    static List<String> env(String selfName, List<Link> links, List<String> own) {
        List<String> out = new ArrayList<>();
        for (Link l : links) {
            String alias = l.alias().toUpperCase(Locale.ROOT).replace('-', '_');
            List<String[]> ports = new ArrayList<>();
            for (String p : l.target().record().config().exposedPorts().keySet()) {
                String[] np = p.split("/", 2);
                ports.add(new String[] {np[0], np.length > 1 ? np[1] : "tcp"});
            }
            // tcp first, then by number: consecutive ports of one protocol also make a range
            ports.sort(Comparator.<String[], Boolean>comparing(p -> !p[1].equals("tcp")).thenComparing(p -> p[1])
                    .thenComparingInt(p -> Integer.parseInt(p[0])));
            String[] start = null, end = null;
            for (int i = 0; i < ports.size(); i++) {
                String[] p = ports.get(i);
                if (i == 0) {
                    start = end = p;
                    out.add(alias + "_PORT=" + p[1] + "://" + l.ip() + ":" + p[0]);
                }
                String prefix = alias + "_PORT_" + p[0] + "_" + p[1].toUpperCase(Locale.ROOT);
                out.add(prefix + "=" + p[1] + "://" + l.ip() + ":" + p[0]);
                out.add(prefix + "_ADDR=" + l.ip());
                out.add(prefix + "_PORT=" + p[0]);
                out.add(prefix + "_PROTO=" + p[1]);
                if (Integer.parseInt(p[0]) == Integer.parseInt(end[0]) + 1 && p[1].equals(end[1])) {
                    end = p;
                    if (i < ports.size() - 1) continue;
                }
                if (end != start) {
                    String range = alias + "_PORT_" + start[0] + "_" + start[1].toUpperCase(Locale.ROOT);
                    out.add(range + "_START=" + start[1] + "://" + l.ip() + ":" + start[0]);
                    out.add(range + "_PORT_START=" + start[0]);
                    out.add(range + "_END=" + end[1] + "://" + l.ip() + ":" + end[0]);
                    out.add(range + "_PORT_END=" + end[0]);
                }
                start = end = p;
            }
            out.add(alias + "_NAME=/" + selfName + "/" + l.alias());
            for (String v : l.target().record().env()) {
                int eq = v.indexOf('=');
                if (eq <= 0) continue;
                String name = v.substring(0, eq);
                if (!name.equals("HOME") && !name.equals("PATH")) out.add(alias + "_ENV_" + v);
            }
        }
        List<String> merged = new ArrayList<>();
        for (String v : out) {
            String key = v.substring(0, v.indexOf('=') + 1);
            if (own.stream().noneMatch(o -> o.startsWith(key)) && merged.stream().noneMatch(m -> m.startsWith(key))) merged.add(v);
        }
        merged.addAll(own);
        return merged;
    }

    /** HostConfig.Links as moby's inspect shows them: "/TARGET:/SELF/ALIAS". */
    public static List<String> shown(String selfName, List<String> links) {
        if (links.isEmpty()) return null;
        List<String> out = new ArrayList<>();
        for (String l : links) {
            String[] na = parse(l);
            out.add("/" + na[0] + ":/" + selfName + "/" + na[1]);
        }
        return out;
    }
}
