package dev.lamina.cli;

import dev.lamina.image.ref.ImageReference;
import dev.lamina.image.store.StoredImage;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `lamina images`: one line per name, as `docker images` prints them. Also `lamina image ls` (see ImageCommand). */
@Command(name = "images", description = {"List images", "",
    "Lists the images in the store: name, tag, id, age and compressed size."})
class ImagesCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;
    @Option(names = {"-q", "--quiet"}, description = "print only the image ids")
    private boolean quiet;

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out;
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"});
        for (StoredImage image : Images.store().list()) {
            if (quiet) { out.println(image.id().shortId()); continue; }
            // An image kept without a name (a build given no tag) is listed as Docker lists a dangling one.
            if (image.names().isEmpty())
                rows.add(new String[] {"<none>", "<none>", image.id().shortId(), age(image.config().created()), TransferProgress.human(image.size())});
            for (ImageReference name : image.names()) {
                String familiar = name.familiar();
                String repo = familiar.contains("@") ? familiar.substring(0, familiar.indexOf('@'))
                        : familiar.substring(0, familiar.length() - (name.tag() == null ? 0 : name.tag().length() + 1));
                rows.add(new String[] {repo, name.tag() == null ? "<none>" : name.tag(), image.id().shortId(),
                        age(image.config().created()), TransferProgress.human(image.size())});
            }
        }
        if (!quiet) printTable(rows, out);
        return 0;
    }

    static void printTable(List<String[]> rows, PrintStream out) {
        int[] width = new int[rows.getFirst().length];
        for (String[] r : rows) for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                sb.append(r[i]);
                if (i + 1 < r.length) sb.append(" ".repeat(width[i] - r[i].length() + 3));
            }
            out.println(sb.toString().stripTrailing());
        }
    }

    static String age(String created) {
        try {
            Duration d = Duration.between(Instant.parse(created), Instant.now());
            if (d.toDays() > 0) return d.toDays() + " days ago";
            if (d.toHours() > 0) return d.toHours() + " hours ago";
            if (d.toMinutes() > 0) return d.toMinutes() + " minutes ago";
            return "less than a minute ago";
        } catch (DateTimeParseException e) {
            return "unknown";
        }
    }

}
