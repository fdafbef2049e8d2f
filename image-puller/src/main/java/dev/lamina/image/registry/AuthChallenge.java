package dev.lamina.image.registry;

import java.util.LinkedHashMap;
import java.util.Map;

/** A parsed WWW-Authenticate header: scheme ("Basic" or "Bearer") and its parameters (realm, service, scope). */
record AuthChallenge(String scheme, Map<String, String> params) {
    static AuthChallenge parse(String header) {
        if (header == null) return null;
        String h = header.trim();
        int space = h.indexOf(' ');
        String scheme = space < 0 ? h : h.substring(0, space);
        Map<String, String> params = new LinkedHashMap<>();
        int i = space < 0 ? h.length() : space + 1;
        while (i < h.length()) {
            while (i < h.length() && (h.charAt(i) == ' ' || h.charAt(i) == ',')) i++;
            int eq = h.indexOf('=', i);
            if (eq < 0) break;
            String key = h.substring(i, eq).trim().toLowerCase(java.util.Locale.ROOT);
            i = eq + 1;
            StringBuilder value = new StringBuilder();
            if (i < h.length() && h.charAt(i) == '"') {
                i++;
                while (i < h.length() && h.charAt(i) != '"') {
                    if (h.charAt(i) == '\\' && i + 1 < h.length()) i++;
                    value.append(h.charAt(i++));
                }
                i++;
            } else {
                while (i < h.length() && h.charAt(i) != ',') value.append(h.charAt(i++));
            }
            params.put(key, value.toString().trim());
        }
        return new AuthChallenge(scheme, params);
    }

    boolean isBearer() { return scheme.equalsIgnoreCase("Bearer"); }

    boolean isBasic() { return scheme.equalsIgnoreCase("Basic"); }
}
