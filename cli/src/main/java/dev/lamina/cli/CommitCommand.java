package dev.lamina.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.cli.client.EngineClient;
import dev.lamina.image.ref.ImageReference;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `lamina commit CONTAINER [REPO[:TAG]]`: a new image of a container's changes, through the engine, as `docker commit`. */
@Command(name = "commit", description = {"Make an image of a container's changes", "",
    "The container's image plus one layer of what changed in its files (lamina diff lists them), with its run config "
        + "changed by --change instructions (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, USER, VOLUME, WORKDIR, STOPSIGNAL, ONBUILD). "
        + "A running container is read as it is: Lamina cannot pause it. Prints the new image's id."})
final class CommitCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;
    @Option(names = {"-c", "--change"}, paramLabel = "INSTRUCTION", description = "a Dockerfile instruction for the image's config")
    private List<String> changes = new ArrayList<>();
    @Option(names = {"-m", "--message"}, paramLabel = "MESSAGE", description = "the commit's comment (docker history shows it)")
    private String message = "";
    @Option(names = {"-a", "--author"}, paramLabel = "AUTHOR", description = "its author")
    private String author = "";
    @Parameters(index = "0", paramLabel = "CONTAINER", description = "a container, by name, id or unique id prefix")
    private String container;
    @Parameters(index = "1", arity = "0..1", paramLabel = "REPO[:TAG]", description = "the new image's name (else one of Lamina's making)")
    private String name;

    @Override
    public Integer call() throws IOException {
        StringBuilder query = new StringBuilder("/commit?container=").append(encode(container));
        if (name != null) {
            ImageReference ref = Images.reference(name);
            if (ref.digest() != null) throw new Main.UsageError("refusing to create a tag with a digest reference: " + name);
            query.append("&repo=").append(encode(ref.name())).append("&tag=").append(encode(ref.tag()));
        }
        if (!message.isEmpty()) query.append("&comment=").append(encode(message));
        if (!author.isEmpty()) query.append("&author=").append(encode(author));
        for (String c : changes) query.append("&changes=").append(encode(c));
        try (EngineClient engine = RunningEngine.client()) {
            JsonNode made = engine.call("POST", query.toString(), null);
            System.out.println(made.path("Id").asText());
        }
        return 0;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
