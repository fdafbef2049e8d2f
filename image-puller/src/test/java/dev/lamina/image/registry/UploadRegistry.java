package dev.lamina.image.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The upload side of a registry, on raw sockets so it can cut a connection in the
 * middle of a chunk (keeping what arrived, as docker-registry does): sessions at
 * relative Locations, PATCH with Content-Range, GET status with Range, PUT ?digest=,
 * HEAD of blobs, and mounts from the repositories in {@link #mountable}.
 */
final class UploadRegistry implements AutoCloseable {
    final List<String> requests = new CopyOnWriteArrayList<>();
    final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    final Map<String, String> mountable = new ConcurrentHashMap<>();
    private final Map<String, ByteArrayOutputStream> sessions = new ConcurrentHashMap<>();
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    /** The PATCH (counted from 1) whose connection is cut after {@link #cutAfter} bytes of its body; 0 for none. */
    volatile int cutPatch;
    volatile int cutAfter;
    private int patches;

    UploadRegistry() throws IOException {
        Thread.ofPlatform().daemon().start(() -> {
            try {
                while (true) {
                    Socket s = server.accept();
                    Thread.ofPlatform().daemon().start(() -> serve(s));
                }
            } catch (IOException e) {
                // closed
            }
        });
    }

    String host() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            for (String head; (head = readHead(in)) != null; ) {
                String[] line = head.substring(0, head.indexOf("\r\n")).split(" ");
                String method = line[0], target = line[1];
                Map<String, String> headers = headers(head);
                requests.add(method + " " + target + (headers.containsKey("content-range") ? " " + headers.get("content-range") : ""));
                int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
                if (method.equals("PATCH")) {
                    synchronized (this) {
                        patches++;
                    }
                    if (patches == cutPatch) {
                        byte[] part = in.readNBytes(cutAfter);
                        sessions.get(session(target)).write(part);
                        return; // the connection is cut
                    }
                }
                byte[] body = in.readNBytes(length);
                out.write(answer(method, target, headers, body).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private synchronized String answer(String method, String target, Map<String, String> headers, byte[] body) throws IOException {
        String path = target.replaceFirst("\\?.*", "");
        String query = target.contains("?") ? target.substring(target.indexOf('?') + 1) : "";
        if (path.equals("/v2/")) return reply("200 OK", "");
        if (method.equals("HEAD") && path.contains("/blobs/sha256:"))
            return blobs.containsKey(path.substring(path.lastIndexOf('/') + 1)) ? reply("200 OK", "") : reply("404 Not Found", "");
        if (method.equals("POST") && path.endsWith("/blobs/uploads/")) {
            Map<String, String> q = query(query);
            if (q.containsKey("mount") && q.get("from").equals(mountable.get(q.get("mount")))) {
                blobs.put(q.get("mount"), new byte[0]);
                return reply("201 Created", "");
            }
            String id = "u" + sessions.size();
            sessions.put(id, new ByteArrayOutputStream());
            return reply("202 Accepted", "Location: " + path + id + "?_state=0\r\n"); // relative, as docker-registry's may be
        }
        ByteArrayOutputStream session = sessions.get(session(target));
        if (session == null) return reply("404 Not Found", "");
        if (method.equals("GET")) {
            int size = session.size();
            return reply("204 No Content", "Range: 0-" + Math.max(0, size - 1) + "\r\nLocation: " + path + "?_state=" + size + "\r\n");
        }
        if (method.equals("PATCH")) {
            String[] range = headers.get("content-range").split("-");
            if (Integer.parseInt(range[0]) != session.size()) return reply("416 Range Not Satisfiable", "");
            session.write(body);
            return reply("202 Accepted", "Location: " + path + "?_state=" + session.size() + "\r\nRange: 0-" + (session.size() - 1) + "\r\n");
        }
        if (method.equals("PUT")) {
            session.write(body);
            String digest = query(query).get("digest");
            if (!digest.equals(dev.lamina.image.ref.Digest.of(session.toByteArray()).toString())) return reply("400 Bad Request", "");
            blobs.put(digest, session.toByteArray());
            return reply("201 Created", "Docker-Content-Digest: " + digest + "\r\n");
        }
        return reply("405 Method Not Allowed", "");
    }

    private static String session(String target) {
        String path = target.replaceFirst("\\?.*", "");
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String reply(String status, String headers) {
        return "HTTP/1.1 " + status + "\r\nDocker-Distribution-API-Version: registry/2.0\r\n" + headers + "Content-Length: 0\r\n\r\n";
    }

    private static Map<String, String> query(String query) {
        Map<String, String> out = new HashMap<>();
        for (String p : query.split("&")) {
            int eq = p.indexOf('=');
            if (eq > 0) out.put(p.substring(0, eq), java.net.URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static Map<String, String> headers(String head) {
        Map<String, String> out = new HashMap<>();
        for (String l : head.split("\r\n")) {
            int colon = l.indexOf(':');
            if (colon > 0 && !l.startsWith("HTTP")) out.put(l.substring(0, colon).trim().toLowerCase(), l.substring(colon + 1).trim());
        }
        return out;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        for (int c; (c = in.read()) >= 0; ) {
            head.write(c);
            if (head.size() >= 4 && head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) return head.toString(StandardCharsets.ISO_8859_1);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
