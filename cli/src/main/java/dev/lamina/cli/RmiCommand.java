package dev.lamina.cli;

import dev.lamina.image.ImageException;
import dev.lamina.image.ref.ImageReference;
import dev.lamina.image.store.ImageStore;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** `lamina rmi [-f] IMAGE...`: removes names; data goes when no name reaches it. */
final class RmiCommand {
    private RmiCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) throws IOException {
        boolean force = false;
        List<String> names = new ArrayList<>();
        for (String a : args) {
            if (a.equals("-f") || a.equals("--force")) force = true;
            else if (a.startsWith("-")) throw new Main.UsageError("unknown option " + a);
            else names.add(a);
        }
        if (names.isEmpty()) throw new Main.UsageError("name at least one image");
        ImageStore store = Images.store();
        int status = 0;
        for (String name : names) {
            try {
                for (ImageReference removed : store.remove(name, force)) out.println("Untagged: " + removed.familiar());
            } catch (ImageException e) {
                err.println("lamina: " + e.getMessage());
                status = 1;
            }
        }
        return status;
    }
}
