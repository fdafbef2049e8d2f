package dev.lamina.image.registry;

import dev.lamina.image.ImageException;
import dev.lamina.image.ImageNotFound;
import dev.lamina.image.http.HttpProtocolException;
import dev.lamina.image.ref.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A registry's refusals and network failures, in words. */
final class RegistryErrors {
    private RegistryErrors() {}

    /** An answer other than the one wanted: the status in words, and the start of the body the registry sent. */
    static ImageException failure(ImageReference image, int status, InputStream body, String what) throws IOException {
        String detail = new String(body.readNBytes(2048), StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
        String reason = switch (status) {
            case 401, 403 -> "access denied (log in with docker login, or check the name)";
            case 404 -> "not found";
            case 429 -> "too many requests: the registry is rate limiting";
            default -> "HTTP " + status;
        };
        String message = image.familiar() + ": " + what + ": " + reason + (detail.isEmpty() ? "" : " (" + detail + ")");
        return switch (status) {
            case 401, 403, 404 -> new ImageNotFound(message);
            default -> new ImageException(message);
        };
    }

    static ImageException unreachable(ImageReference image, IOException e) {
        return new ImageException("cannot reach registry " + image.registry() + " for " + image.familiar() + ": " + message(e), e);
    }

    /** What went wrong on the network, in words: socket exceptions often carry no message. */
    static String message(IOException e) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && chain.size() < 10; t = t.getCause()) chain.add(t);
        for (Throwable t : chain) {
            if (t instanceof java.net.UnknownHostException || t instanceof java.nio.channels.UnresolvedAddressException) return "unknown host";
            if (t instanceof java.net.SocketTimeoutException) return "timed out";
            if (t instanceof HttpProtocolException) return "not a valid HTTP answer: " + t.getMessage();
            if (t instanceof javax.net.ssl.SSLException) return "TLS failed: " + t.getMessage();
        }
        if (chain.stream().anyMatch(t -> t instanceof java.net.ConnectException)) return "connection refused";
        return chain.stream().map(Throwable::getMessage).filter(m -> m != null && !m.isEmpty()).findFirst()
                .orElse(e.getClass().getSimpleName());
    }
}
