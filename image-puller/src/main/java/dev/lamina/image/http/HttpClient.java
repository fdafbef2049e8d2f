package dev.lamina.image.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A small blocking HTTP/1.1 client for registries: any method, bodies of known length, keep-alive
 * connections reused per origin, TLS with the JDK's trust store and host name
 * checks, HTTP proxies (absolute-form requests for http, CONNECT tunnels for
 * https). No redirects, no cookies, no compression: the caller decides those.
 * It starts in a few milliseconds, where java.net.http takes a quarter of a
 * second to build a client (most of it loading the trust store, which a pull
 * from a local plain-HTTP registry never needs).
 */
public final class HttpClient implements AutoCloseable {
    private static final int MAX_IDLE_PER_ORIGIN = 8;

    private final Map<String, Deque<Connection>> idle = new HashMap<>();
    private final Proxies proxies;
    private SSLSocketFactory tls;
    private boolean closed;

    /** A client that trusts what the JDK trusts (its cacerts, or javax.net.ssl.trustStore). */
    public HttpClient(Proxies proxies) {
        this.proxies = proxies;
    }

    /** A client that trusts what {@code tls} trusts. */
    public HttpClient(Proxies proxies, SSLSocketFactory tls) {
        this.proxies = proxies;
        this.tls = tls;
    }

    public Response send(Request request) throws IOException {
        URI uri = request.uri();
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()))
            throw new IOException("not an http or https address: " + uri);
        URI proxy = proxies.forTarget(uri);
        // Through a proxy a connection is to the proxy, and for https a tunnel to one origin.
        String origin = proxy == null ? Request.origin(uri) : Request.origin(uri) + " via " + Request.origin(proxy);
        Connection reused = takeIdle(origin);
        if (reused != null) {
            try {
                return exchange(reused, request);
            } catch (IOException e) {
                reused.close(); // the server may have dropped the idle connection: once more on a new one
            }
        }
        Connection fresh = open(origin, request, proxy);
        try {
            return exchange(fresh, request);
        } catch (IOException | RuntimeException e) {
            fresh.close();
            throw e;
        }
    }

    private Response exchange(Connection c, Request request) throws IOException {
        c.socket.setSoTimeout(millis(request));
        Http1Codec.writeRequest(c.out, request, c.plainProxy);
        ResponseHead head = Http1Codec.readHead(c.in);
        return new Response(this, c, request.uri(), head, Http1Codec.body(c.in, head, request.method().equals("HEAD")));
    }

    private Connection open(String origin, Request request, URI proxy) throws IOException {
        URI uri = request.uri();
        String host = hostOf(uri);
        int port = Request.port(uri);
        URI first = proxy != null ? proxy : uri;
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(hostOf(first), Request.port(first)), millis(request));
            socket.setSoTimeout(millis(request));
            boolean https = uri.getScheme().equals("https");
            if (https && proxy != null) tunnel(socket, host, port, proxy);
            if (https) {
                SSLSocket ssl = (SSLSocket) tls().createSocket(socket, host, port, true);
                SSLParameters params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(params);
                ssl.startHandshake();
                socket = ssl;
            }
            return new Connection(origin, socket, https ? null : proxy);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Asks the proxy for a tunnel to host:port (CONNECT); TLS then runs through it to the origin. */
    private static void tunnel(Socket socket, String host, int port, URI proxy) throws IOException {
        String authority = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        StringBuilder s = new StringBuilder("CONNECT ").append(authority).append(" HTTP/1.1\r\nHost: ").append(authority).append("\r\n");
        String auth = Http1Codec.proxyAuthorization(proxy);
        if (auth != null) s.append("Proxy-Authorization: ").append(auth).append("\r\n");
        socket.getOutputStream().write(s.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        // Read unbuffered: the TLS handshake's bytes follow the proxy's answer on this socket.
        ResponseHead head = Http1Codec.readHead(socket.getInputStream());
        if (head.status() != 200)
            throw new IOException("the proxy " + proxy.getHost() + " refused a tunnel to " + authority + " (HTTP " + head.status() + ")");
    }

    private static String hostOf(URI uri) {
        return uri.getHost() == null ? "" : uri.getHost().replaceAll("^\\[|]$", "");
    }

    private synchronized SSLSocketFactory tls() throws IOException {
        if (tls == null) {
            try {
                tls = SSLContext.getDefault().getSocketFactory();
            } catch (NoSuchAlgorithmException e) {
                throw new IOException("no TLS in this Java runtime", e);
            }
        }
        return tls;
    }

    private static int millis(Request request) {
        return (int) Math.min(Integer.MAX_VALUE, request.timeout().toMillis());
    }

    private synchronized Connection takeIdle(String origin) {
        Deque<Connection> q = idle.get(origin);
        return q == null ? null : q.pollFirst();
    }

    synchronized void release(Connection c) {
        Deque<Connection> q = idle.computeIfAbsent(c.origin, o -> new ArrayDeque<>());
        if (!closed && q.size() < MAX_IDLE_PER_ORIGIN) q.addFirst(c);
        else c.close();
    }

    /** Closes the idle connections. */
    @Override
    public synchronized void close() {
        closed = true;
        idle.values().forEach(q -> q.forEach(Connection::close));
        idle.clear();
    }
}
