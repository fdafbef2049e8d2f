package dev.lamina.engine.build;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.builder.dockerfile.Dockerfile;
import dev.lamina.builder.dockerfile.DockerfileException;
import dev.lamina.builder.dockerfile.Expander;
import dev.lamina.builder.dockerfile.Instruction;
import dev.lamina.engine.http.ApiException;
import dev.lamina.image.ref.Platform;
import java.util.List;
import java.util.Locale;

/**
 * `docker commit --change`: Dockerfile instructions on an image's run config, read by
 * the Dockerfile parser and applied as a build's steps apply them, $VARIABLES expanded
 * with the config's environment, as dockerd applies them: CMD, ENTRYPOINT, ENV, EXPOSE,
 * HEALTHCHECK, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME and WORKDIR; any other is refused.
 */
public final class ConfigChanges {
    private ConfigChanges() {}

    /** Applies {@code changes} (each one or more lines) to {@code config}, Docker's container Config; 400 for a bad one. */
    public static void apply(ObjectNode config, List<String> changes) {
        String text = String.join("\n", changes);
        if (text.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#"))) return;
        Dockerfile parsed;
        try {
            parsed = Dockerfile.parse("FROM scratch\n" + text); // a stage to hold them, as ONBUILD's triggers are read
        } catch (DockerfileException e) {
            throw ApiException.badRequest(e.reason());
        }
        if (parsed.stages().size() > 1) throw ApiException.badRequest("FROM is not a valid change command");
        StageState s = new StageState(null, Platform.host(), config, null);
        for (Instruction i : parsed.stages().getFirst().instructions()) {
            try {
                switch (i) {
                    case Instruction.Workdir w -> s.config.put("WorkingDir", s.workdirFor(Expander.word(w.path(), s.variables(), parsed.escape())));
                    case Instruction.Cmd _, Instruction.Entrypoint _, Instruction.Env _, Instruction.Expose _, Instruction.Healthcheck _,
                         Instruction.Label _, Instruction.OnBuild _, Instruction.StopSignal _, Instruction.User _, Instruction.Volume _ ->
                            ConfigSteps.apply(s, i, parsed.escape());
                    default -> throw ApiException.badRequest(i.source().strip().split("\\s+", 2)[0].toUpperCase(Locale.ROOT)
                            + " is not a valid change command");
                }
            } catch (BuildException | DockerfileException e) {
                throw ApiException.badRequest(e instanceof DockerfileException d ? d.reason() : e.getMessage());
            }
        }
        config.removeAll();
        config.setAll(s.config);
    }
}
