package dev.lamina.engine.api;

import dev.lamina.engine.http.ApiException;
import java.util.Collection;

/**
 * `docker ps`'s publish and expose filters: PORT[/PROTO] or START-END[/PROTO] (tcp when
 * not named) against a container's ports as "80/tcp".
 */
final class PortFilter {
    private PortFilter() {}

    static boolean matches(String filter, Collection<String> ports) {
        int slash = filter.indexOf('/');
        String range = slash < 0 ? filter : filter.substring(0, slash), proto = slash < 0 ? "tcp" : filter.substring(slash + 1);
        int dash = range.indexOf('-');
        int first, last;
        try {
            first = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
            last = dash < 0 ? first : Integer.parseInt(range.substring(dash + 1));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid filter: invalid port: " + filter);
        }
        for (String p : ports) {
            int s = p.indexOf('/');
            String pp = s < 0 ? "tcp" : p.substring(s + 1);
            try {
                int n = Integer.parseInt(s < 0 ? p : p.substring(0, s));
                if (pp.equals(proto) && n >= first && n <= last) return true;
            } catch (NumberFormatException e) {
                // not a port
            }
        }
        return false;
    }
}
