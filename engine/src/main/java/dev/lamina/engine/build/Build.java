package dev.lamina.engine.build;

import dev.lamina.builder.context.BuildContext;
import dev.lamina.builder.context.Source;
import dev.lamina.builder.dockerfile.Dockerfile;
import dev.lamina.builder.dockerfile.Expander;
import dev.lamina.builder.dockerfile.ArgDecl;
import dev.lamina.builder.dockerfile.Heredoc;
import dev.lamina.builder.dockerfile.Instruction;
import dev.lamina.builder.dockerfile.Stage;
import dev.lamina.container.ContainerUser;
import dev.lamina.engine.containers.Container;
import dev.lamina.engine.files.EtcFiles;
import dev.lamina.image.ImageException;
import dev.lamina.image.layer.Limits;
import dev.lamina.image.ref.Digest;
import dev.lamina.image.ref.ImageReference;
import dev.lamina.image.ref.Platform;
import dev.lamina.image.store.HoldReason;
import dev.lamina.image.store.StoredImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One build, as the classic builder runs it: the global ARGs, then each stage up to
 * the target in order, each instruction a step that makes an image (answered from the
 * cache when an earlier build made the same step on the same image), the step's
 * progress in the client's stream. RUN runs in a container of the image so far; COPY
 * and ADD extract their sources into a container made for the step; either way the
 * step's layer is the container's changes. The last image gets the tags.
 */
final class Build {
    private final Builder builder;
    private final BuildRequest req;
    private final BuildContext context;
    private final Dockerfile dockerfile;
    private final BuildOutput out;
    private final Path work;
    private final Map<String, String> globals = new LinkedHashMap<>();
    private final Set<String> consumed = new HashSet<>();
    /** Each finished stage's image, by its AS name (lower case) and by its index as text. */
    private final Map<String, StoredImage> stages = new HashMap<>();
    private final int total;
    private int step;
    /** Set when the client went away: the step under way is stopped and no other starts. */
    private volatile boolean cancelled;
    /** The container of the RUN under way, which a cancel kills. */
    private volatile Container running;

    Build(Builder builder, BuildRequest req, BuildContext context, Dockerfile dockerfile, BuildOutput out, Path work) {
        this.builder = builder;
        this.req = req;
        this.context = context;
        this.dockerfile = dockerfile;
        this.out = out;
        this.work = work;
        int n = dockerfile.globalArgs().size() + (req.labels().isEmpty() ? 0 : 1);
        for (Stage s : dockerfile.stages()) n += 1 + s.instructions().size();
        this.total = n;
    }

    StoredImage run() {
        for (Instruction.Arg arg : dockerfile.globalArgs()) {
            header(arg);
            for (ArgDecl d : arg.args()) globals.put(d.name(), argValue(d, globals));
        }
        List<Stage> toRun = stagesToRun();
        StageState last = null;
        for (Stage stage : toRun) {
            last = from(stage);
            for (Instruction i : stage.instructions()) step(last, i, true);
            if (stage == toRun.getLast() && !req.labels().isEmpty()) labels(last);
            if (stage.name() != null) stages.put(stage.name(), last.image);
            stages.put(Integer.toString(stage.index()), last.image);
        }
        Set<String> unused = new java.util.TreeSet<>(req.buildArgs().keySet());
        unused.removeAll(consumed);
        unused.removeAll(PREDEFINED_ARGS);
        if (!unused.isEmpty()) out.text("[Warning] One or more build-args " + unused + " were not consumed\n");
        return last.image;
    }

    /** The proxy variables Docker lets a build take without an ARG for them. */
    private static final Set<String> PREDEFINED_ARGS = Set.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY",
            "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");

    private List<Stage> stagesToRun() {
        return stagesTo(dockerfile, req.target());
    }

    /** The stages up to {@code target}, all without one; a BuildException when no stage has that name. */
    static List<Stage> stagesTo(Dockerfile dockerfile, String target) {
        List<Stage> all = dockerfile.stages();
        if (target == null) return all;
        for (Stage s : all)
            if (target.equalsIgnoreCase(s.name())) return all.subList(0, all.indexOf(s) + 1);
        throw new BuildException("failed to reach build target " + target + " in Dockerfile");
    }

    private void header(Instruction i) {
        if (cancelled) throw new BuildException("the build was cancelled: its client went away");
        out.text("Step " + ++step + "/" + total + " : " + i.source() + "\n");
    }

    /** The client went away: the RUN under way is killed, and the build stops before its next step. */
    void cancel() {
        cancelled = true;
        Container c = running;
        if (c != null) {
            try {
                builder.containers().kill(c, "SIGKILL");
            } catch (RuntimeException e) {
                // it ended meanwhile
            }
        }
    }

    /** An ARG's value: the build's --build-arg, else its default (expanded), else a global ARG's of the same name. */
    private String argValue(ArgDecl d, Map<String, String> vars) {
        consumed.add(d.name());
        if (req.buildArgs().get(d.name()) != null) return req.buildArgs().get(d.name());
        if (d.defaultValue() != null) return Expander.word(d.defaultValue(), vars, dockerfile.escape());
        return globals.get(d.name());
    }

    private StageState from(Stage stage) {
        Instruction.From from = stage.from();
        header(from);
        Map<String, String> vars = new HashMap<>();
        globals.forEach((k, v) -> {
            if (v != null) vars.put(k, v);
        });
        String name = Expander.word(from.image(), vars, dockerfile.escape());
        String platformText = from.platform() == null ? null : Expander.word(from.platform(), vars, dockerfile.escape());
        Platform platform = platformText != null && !platformText.isEmpty() ? platform(platformText)
                : req.platform() != null ? req.platform() : Platform.host();
        StoredImage image;
        if (name.equalsIgnoreCase("scratch")) image = builder.scratch(platform);
        else if (stages.containsKey(name.toLowerCase(Locale.ROOT))) image = stages.get(name.toLowerCase(Locale.ROOT));
        else image = builder.baseImage(name, platform, req.pull(), req.registryLogins(), out);
        out.text(" ---> " + image.id().shortId() + "\n");
        var config = builder.images().config(image);
        StageState s = new StageState(image, image.config().platform(), config.path("config"),
                config.path("author").asText(null));
        // Docker's PATH when the base has none (an imported root), as moby's builder sets it at each stage's start:
        // `ENV PATH=$PATH:...` extends it, and the built image has it.
        if (!s.env().containsKey("PATH"))
            s.setEnv("PATH", dev.lamina.container.ContainerSpec.DEFAULT_PATH.substring("PATH=".length()));
        List<String> triggers = new ArrayList<>();
        s.config.path("OnBuild").forEach(t -> triggers.add(t.asText()));
        if (!triggers.isEmpty()) {
            out.text("# Executing " + triggers.size() + " build trigger" + (triggers.size() == 1 ? "" : "s") + "\n");
            s.config.remove("OnBuild"); // run now, not handed on to this image's children
            for (String t : triggers) step(s, trigger(t), false);
        }
        return s;
    }

    private static Platform platform(String text) {
        Platform p;
        try {
            p = Platform.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BuildException("invalid platform " + text + ": " + e.getMessage());
        }
        return BuildRequest.linux(p);
    }

    /** An ONBUILD trigger as an instruction, parsed as the Dockerfile's own are. */
    private static Instruction trigger(String text) {
        String keyword = text.strip().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        if (keyword.equals("ONBUILD") || keyword.equals("FROM") || keyword.equals("MAINTAINER"))
            throw new BuildException(keyword + " isn't allowed as an ONBUILD trigger");
        List<Instruction> parsed = Dockerfile.parse("FROM scratch\n" + text + "\n").stages().getFirst().instructions();
        if (parsed.size() != 1) throw new BuildException("the base image has an ONBUILD trigger that is not one instruction: " + text);
        return parsed.getFirst();
    }

    private void step(StageState s, Instruction i, boolean numbered) {
        if (numbered) header(i);
        switch (i) {
            case Instruction.Arg arg -> {
                StringBuilder text = new StringBuilder("ARG");
                for (ArgDecl d : arg.args()) {
                    String value = argValue(d, s.variables());
                    s.args.put(d.name(), value);
                    text.append(' ').append(d.name()).append(d.defaultValue() == null ? "" : "=" + d.defaultValue());
                }
                configStep(s, text.toString());
            }
            case Instruction.Workdir w -> {
                String full = s.workdirFor(Expander.word(w.path(), s.variables(), dockerfile.escape()));
                s.config.put("WorkingDir", full);
                workdir(s, full);
            }
            case Instruction.Run run -> run(s, run);
            case Instruction.Copy copy -> copy(s, copy);
            case Instruction.From f -> throw new BuildException("FROM cannot be used here");
            default -> configStep(s, ConfigSteps.apply(s, i, dockerfile.escape()));
        }
    }

    /** WORKDIR: the directory made when the image lacks it (a layer), as the classic builder makes it. */
    private void workdir(StageState s, String dir) {
        String createdBy = "/bin/sh -c #(nop) WORKDIR " + dir;
        if (cached(s, createdBy, null)) return;
        Container c = builder.stepContainer(s);
        StoredImage made;
        try {
            made = CopyInto.makeDirectory(builder.archives(), c, dir, work) ? builder.commitChanges(s, c, createdBy, work)
                    : builder.commit(s, null, createdBy);
        } finally {
            builder.containers().remove(c, true, true);
        }
        made(s, createdBy, null, made);
    }

    /** `--label` of the build: a LABEL step at the end of the target stage, as the classic builder adds it. */
    private void labels(StageState s) {
        StringBuilder source = new StringBuilder("LABEL");
        var labels = s.config.withObject("/Labels");
        req.labels().forEach((k, v) -> {
            labels.put(k, v == null ? "" : v);
            source.append(' ').append(quote(k)).append('=').append(quote(v));
        });
        out.text("Step " + ++step + "/" + total + " : " + source + "\n");
        configStep(s, source.toString());
    }

    private static String quote(String s) {
        if (s == null) return "\"\"";
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private void configStep(StageState s, String text) {
        String createdBy = "/bin/sh -c #(nop)  " + text;
        if (cached(s, createdBy, null)) return;
        made(s, createdBy, null, builder.commit(s, null, createdBy));
    }

    private void run(StageState s, Instruction.Run run) {
        List<String> command = RunStep.commandLine(s, run);
        List<String> argEnv = s.argEnvironment();
        String createdBy = (argEnv.isEmpty() ? "" : "|" + argEnv.size() + " " + String.join(" ", argEnv) + " ") + String.join(" ", command);
        if (cached(s, createdBy, null)) return;
        Container[] started = new Container[1];
        Container c;
        try {
            c = RunStep.run(builder.containers(), s, command, req, out, it -> {
                started[0] = it;
                running = it;
                if (cancelled) cancel();
            });
        } catch (BuildException e) {
            if (!cancelled) throw e;
            if (started[0] != null) builder.containers().remove(started[0], true, true);
            throw new BuildException("the build was cancelled: its client went away");
        } finally {
            running = null;
        }
        if (cancelled) {
            builder.containers().remove(c, true, true);
            throw new BuildException("the build was cancelled: its client went away");
        }
        StoredImage made;
        try {
            made = builder.commitChanges(s, c, createdBy, work);
        } finally {
            if (req.remove() || req.forceRemove()) removeIntermediate(c);
        }
        made(s, createdBy, null, made);
    }

    private void removeIntermediate(Container c) {
        builder.containers().remove(c, true, true);
        out.text("Removing intermediate container " + c.id().substring(0, 12) + "\n");
    }

    private void copy(StageState s, Instruction.Copy copy) {
        String kind = copy.add() ? "ADD" : "COPY";
        Map<String, String> vars = s.variables();
        char escape = dockerfile.escape();
        List<String> patterns = new ArrayList<>();
        for (String raw : copy.sources()) patterns.add(Expander.word(raw, vars, escape));
        for (String p : patterns)
            if (p.matches("(?i)(https?|git)://.*") || p.startsWith("git@"))
                throw new BuildException(kind + " " + p + ": downloading sources is not supported by Lamina's builder: "
                        + "put the file in the build context");
        String dest = Expander.word(copy.destination(), vars, escape);
        String chown = copy.chown() == null ? null : Expander.word(copy.chown(), vars, escape);
        Integer chmod = copy.chmod() == null ? null : chmod(Expander.word(copy.chmod(), vars, escape));
        String from = copy.from() == null ? null : Expander.word(copy.from(), vars, escape);
        CopySources sources = sources(from, patterns, copy.heredocs(), kind);
        String full = dest.startsWith("/") ? dest : s.workdir().replaceFirst("/*$", "/") + dest;
        if (dest.isEmpty()) throw new BuildException(kind + " requires at least two arguments");
        if (sources.list().size() > 1 && !full.endsWith("/"))
            throw new BuildException("When using " + kind + " with more than one source file, the destination must be a directory and end with a /");
        String createdBy = "/bin/sh -c #(nop) " + kind + " " + (sources.list().size() == 1 && !sources.list().getFirst().directory()
                ? "file:" : "dir:") + sources.digest() + " in " + full + " ";
        String inputs = (chown == null ? "" : "chown=" + chown) + "\n" + (chmod == null ? "" : "chmod=" + Integer.toOctalString(chmod));
        if (cached(s, createdBy, inputs)) return;
        Container c = builder.stepContainer(s);
        StoredImage made;
        try {
            ContainerUser owner = chown == null ? null : owner(c, chown);
            CopyInto.copy(builder.archives(), c, sources, full, copy.add(), owner, chmod, work);
            made = builder.commitChanges(s, c, createdBy, work);
        } finally {
            builder.containers().remove(c, true, true);
        }
        made(s, createdBy, inputs, made);
    }

    private static Integer chmod(String text) {
        if (!text.matches("[0-7]{1,4}")) throw new BuildException("invalid chmod parameter: " + text + " (an octal mode such as 755)");
        return Integer.parseInt(text, 8);
    }

    private static ContainerUser owner(Container c, String chown) {
        try {
            return EtcFiles.user(c.rootfs(), chown);
        } catch (ImageException e) {
            throw new BuildException("unable to convert uid/gid chown string to host mapping: " + e.getMessage());
        }
    }

    /** Where COPY reads: the build context, a finished stage's root (--from=NAME or index) or an image's. */
    private CopySources sources(String from, List<String> patterns, List<Heredoc> heredocs, String kind) {
        if (!heredocs.isEmpty()) return CopySources.heredocs(heredocs, work);
        if (from == null) return CopySources.of(context, patterns, kind);
        StoredImage image = stages.get(from.toLowerCase(Locale.ROOT));
        if (image == null) image = builder.baseImage(from, req.platform() != null ? req.platform() : Platform.host(), false, req.registryLogins(), out);
        return CopySources.of(builder.root(image), builder.rootOwners(image), patterns, kind);
    }

    /** Whether the cache answers the step; if so the stage moves to the image it names. */
    private boolean cached(StageState s, String createdBy, String inputs) {
        if (req.noCache()) return false;
        StoredImage hit = builder.cache().find(BuildCache.key(s.image, createdBy, inputs), builder.images());
        if (hit == null) return false;
        out.text(" ---> Using cache\n");
        s.image = hit;
        out.text(" ---> " + hit.id().shortId() + "\n");
        return true;
    }

    private void made(StageState s, String createdBy, String inputs, StoredImage made) {
        builder.cache().put(BuildCache.key(s.image, createdBy, inputs), made);
        s.image = made;
        out.text(" ---> " + made.id().shortId() + "\n");
    }
}
