package dev.lamina.cli;

import dev.lamina.image.ImageException;
import dev.lamina.image.ref.ImageReference;
import dev.lamina.image.store.ImageStore;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `lamina rmi [-f] IMAGE...`: removes names; data goes when no name reaches it. Also `lamina image rm` (see ImageCommand). */
@Command(name = "rmi", description = {"Remove images", "",
    "Removes each name given, or for an image id all of that image's names; an image's data goes with its last name."})
class RmiCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;
    @Option(names = {"-f", "--force"}, description = "for an id, remove an image that has several names")
    private boolean force;
    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "the images, by name or id")
    private List<String> names;

    @Override
    public Integer call() throws IOException {
        ImageStore store = Images.store();
        int status = 0;
        for (String name : names) {
            try {
                for (ImageReference removed : store.remove(name, force)) System.out.println("Untagged: " + removed.familiar());
            } catch (ImageException e) {
                System.err.println("lamina: " + e.getMessage());
                status = 1;
            }
        }
        return status;
    }
}
