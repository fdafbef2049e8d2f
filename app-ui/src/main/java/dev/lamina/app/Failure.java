package dev.lamina.app;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.UnauthorizedException;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failure as a person reads it: what could not be done, why (the engine's own
 * words when it answered), and what to do next.
 */
public record Failure(String what, String why, String next) {
    private static final Pattern STATUS_BODY = Pattern.compile("(?s)Status (\\d+): (.*)");

    /** {@code what}: the action that failed, as "Could not ..." reads it ("remove image alpine"). */
    public static Failure of(String what, Throwable e) {
        String action = "Could not " + what;
        if (unreachable(e))
            return new Failure(action, "The engine does not answer.",
                    "Start the engine on the Engine tab (Ctrl+1), or check DOCKER_HOST, then try again.");
        String engineSays = engineMessage(e);
        return switch (e) {
            // exec, attach or resize on a container that has stopped: 409 too, but nothing uses anything.
            case ConflictException _ when engineSays.endsWith(" is not running") -> new Failure(action, engineSays,
                    "Start it, then try again.");
            case ConflictException _ -> new Failure(action, engineSays,
                    "Something still uses it: remove or stop that first (see the message), then try again.");
            case NotFoundException _ -> new Failure(action, engineSays,
                    "It may have been removed meanwhile; check the name, then try again.");
            case UnauthorizedException _ -> new Failure(action, engineSays,
                    "Log in to the registry (docker login), then try again.");
            case EngineRefusal r when r.status() == 409 -> new Failure(action, engineSays,
                    "Something still uses it: remove or stop that first, then try again.");
            default -> new Failure(action, engineSays, "Check the details above, then try again.");
        };
    }

    /** The engine's {"message": ...} when it answered with one, else the exception's own text. */
    static String engineMessage(Throwable e) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        if (e instanceof DockerException) {
            Matcher m = STATUS_BODY.matcher(text);
            if (m.matches()) {
                String body = m.group(2).strip();
                try {
                    String message = Json.MAPPER.readTree(body).path("message").asText("");
                    return message.isEmpty() ? body : message;
                } catch (IOException notJson) {
                    return body;
                }
            }
        }
        return text;
    }

    /** No engine at the other end: no socket, nobody listening, or the connection dropped. */
    static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.SocketException
                    || t instanceof java.nio.channels.ClosedChannelException
                    || t.getClass().getSimpleName().equals("NoHttpResponseException"))
                return true;
            String m = t.getMessage();
            if (m != null && (m.contains("Connection refused") || m.contains("No such file or directory")))
                return true;
        }
        return false;
    }

    /** The whole message, as one text (dialogs and status lines). */
    public String text() {
        return what + ": " + why + "\n" + next;
    }
}
