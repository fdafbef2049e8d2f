package dev.lamina.app;

import com.github.dockerjava.api.model.ImageHistory;

/**
 * One line of an image's history (`GET /images/{name}/history`), newest first: the
 * size of the layer it made (0 for a step that changed only the config), when, and
 * the command that made it.
 */
public record LayerRow(long size, long created, String command, String comment) {
    static LayerRow of(ImageHistory h) {
        return new LayerRow(h.getSize() == null ? 0 : h.getSize(), h.getCreated() == null ? 0 : h.getCreated(),
                h.getCreatedBy() == null ? "" : h.getCreatedBy(), h.getComment() == null ? "" : h.getComment());
    }

    /** The command as Docker records it for a Dockerfile step, without the shell it ran in: "RUN apk add …". */
    public String shownCommand() {
        String c = command.strip();
        if (c.startsWith("/bin/sh -c #(nop) ")) return c.substring("/bin/sh -c #(nop) ".length()).strip();
        if (c.startsWith("/bin/sh -c ")) return "RUN " + c.substring("/bin/sh -c ".length());
        if (c.isEmpty()) return comment.isEmpty() ? "(no command recorded)" : comment;
        return c;
    }
}
