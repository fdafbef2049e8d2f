package dev.lamina.image.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;

/** HTTP/1.1 on the wire: a request out; a response's head and framed body in. Every length is bounded. */
final class Http1Codec {
    static final int MAX_LINE = 16 << 10;
    static final int MAX_FIELDS = 200;

    private Http1Codec() {}

    /**
     * The request and its body; to a plain HTTP proxy ({@code viaProxy}) with the whole URI as its
     * target, and the proxy's login. A POST, PUT or PATCH always says its length (0 without a body).
     */
    static void writeRequest(OutputStream out, Request r, URI viaProxy) throws IOException {
        URI uri = r.uri();
        String authority = uri.getRawAuthority().replaceFirst("^.*@", "");
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        StringBuilder s = new StringBuilder(r.method()).append(' ');
        if (viaProxy != null) s.append(uri.getScheme()).append("://").append(authority);
        s.append(path);
        if (uri.getRawQuery() != null) s.append('?').append(uri.getRawQuery());
        s.append(" HTTP/1.1\r\n");
        field(s, "Host", authority);
        field(s, "User-Agent", "lamina");
        String proxyAuth = viaProxy == null ? null : proxyAuthorization(viaProxy);
        if (proxyAuth != null) field(s, "Proxy-Authorization", proxyAuth);
        for (Header h : r.headers()) field(s, h.name(), h.value());
        boolean sends = r.body() != null || r.method().equals("POST") || r.method().equals("PUT") || r.method().equals("PATCH");
        if (sends) field(s, "Content-Length", Long.toString(r.body() == null ? 0 : r.body().length()));
        s.append("\r\n");
        out.write(s.toString().getBytes(StandardCharsets.UTF_8));
        if (r.body() != null) r.body().writeTo(out);
        out.flush();
    }

    /** Basic credentials for a proxy given as http://user:password@host:port, or null. */
    static String proxyAuthorization(URI proxy) {
        String userInfo = proxy.getRawUserInfo();
        if (userInfo == null) return null;
        String decoded = URLDecoder.decode(userInfo, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(decoded.getBytes(StandardCharsets.UTF_8));
    }

    private static void field(StringBuilder s, String name, String value) throws HttpProtocolException {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) throw new HttpProtocolException("header " + name + " holds a line break");
        s.append(name).append(": ").append(value).append("\r\n");
    }

    /** Reads a status line and header fields, skipping interim 1xx answers. EOF before the first byte is an EOFException. */
    static ResponseHead readHead(InputStream in) throws IOException {
        while (true) {
            String status = readLine(in);
            if (status == null) throw new EOFException("the server closed the connection without answering");
            if (!status.matches("HTTP/1\\.[01] [0-9]{3}( .*)?")) throw new HttpProtocolException("not an HTTP/1.1 status line");
            int code = Integer.parseInt(status.substring(9, 12));
            List<Header> fields = new ArrayList<>();
            for (String line; !(line = requireLine(in)).isEmpty(); ) {
                if (fields.size() == MAX_FIELDS) throw new HttpProtocolException("more than " + MAX_FIELDS + " header fields");
                int colon = line.indexOf(':');
                if (colon <= 0 || Character.isWhitespace(line.charAt(0)) || Character.isWhitespace(line.charAt(colon - 1)))
                    throw new HttpProtocolException("malformed header field");
                fields.add(new Header(line.substring(0, colon), line.substring(colon + 1).strip()));
            }
            if (code >= 100 && code < 200) {
                if (code == 101) throw new HttpProtocolException("the server switched protocols");
                continue;
            }
            Headers headers = new Headers(fields);
            boolean close = headers.values("Connection").stream().anyMatch(v -> v.toLowerCase().contains("close"));
            return new ResponseHead(code, headers, status.startsWith("HTTP/1.1") && !close);
        }
    }

    /** The body's framing: none for HEAD, 204 and 304; chunked; Content-Length; else until the connection closes. */
    static ResponseBody body(InputStream in, ResponseHead head, boolean isHead) throws IOException {
        if (isHead || head.status() == 204 || head.status() == 304) return new LengthBody(in, 0);
        List<String> codings = head.headers().values("Transfer-Encoding");
        if (!codings.isEmpty()) {
            String last = codings.getLast();
            last = last.substring(last.lastIndexOf(',') + 1).strip();
            return last.equalsIgnoreCase("chunked") ? new ChunkedBody(in) : new LengthBody(in, -1);
        }
        List<String> lengths = head.headers().values("Content-Length");
        if (lengths.isEmpty()) return new LengthBody(in, -1);
        String length = lengths.getFirst();
        if (!length.matches("[0-9]{1,18}") || lengths.stream().anyMatch(l -> !l.equals(length)))
            throw new HttpProtocolException("bad Content-Length");
        return new LengthBody(in, Long.parseLong(length));
    }

    /** One line without its CRLF (a bare LF is accepted), or null at EOF before any byte. */
    static String readLine(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                if (s.isEmpty()) return null;
                throw new EOFException("connection closed in the middle of a line");
            }
            if (s.length() == MAX_LINE) throw new HttpProtocolException("a line longer than " + MAX_LINE + " bytes");
            s.append((char) c);
        }
        int end = s.length();
        if (end > 0 && s.charAt(end - 1) == '\r') s.setLength(end - 1);
        return s.toString();
    }

    private static String requireLine(InputStream in) throws IOException {
        String line = readLine(in);
        if (line == null) throw new EOFException("connection closed in the response head");
        return line;
    }
}
