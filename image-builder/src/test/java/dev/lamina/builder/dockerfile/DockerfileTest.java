package dev.lamina.builder.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.builder.dockerfile.Instruction.Arg;
import dev.lamina.builder.dockerfile.Instruction.Copy;
import dev.lamina.builder.dockerfile.Instruction.From;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DockerfileTest {

    @Test
    void stagesWithGlobalArgsNamesAndPlatforms() {
        Dockerfile df = Dockerfile.parse("""
                ARG BASE=alpine:3.20
                ARG TAG
                FROM --platform=$BUILDPLATFORM ${BASE} AS Build
                RUN make
                from scratch
                COPY --from=build /out /out
                """);
        assertEquals(List.of(new Arg(1, "ARG BASE=alpine:3.20", List.of(new ArgDecl("BASE", "alpine:3.20"))),
                new Arg(2, "ARG TAG", List.of(new ArgDecl("TAG", null)))), df.globalArgs());
        assertEquals(2, df.stages().size());
        Stage build = df.stages().get(0);
        assertEquals(new From(3, "FROM --platform=$BUILDPLATFORM ${BASE} AS Build", "${BASE}", "build", "$BUILDPLATFORM"),
                build.from());
        assertEquals("build", build.name());
        assertEquals(List.of(new Instruction.Run(4, "RUN make", new Command.Shell("make"), List.of())), build.instructions());
        Stage last = df.stages().get(1);
        assertEquals(1, last.index());
        assertNull(last.name());
        assertEquals(new Copy(6, "COPY --from=build /out /out", false, List.of("/out"), "/out", "build", null, null,
                List.of()), last.instructions().getFirst());
        assertEquals('\\', df.escape());
    }

    @Test
    void everyInstructionTyped() {
        Dockerfile df = Dockerfile.parse("""
                # escape=`
                FROM alpine
                MAINTAINER Jane <jane@example.com>
                RUN ["echo", "hi"]
                CMD echo $HOME
                ENTRYPOINT ["/bin/sh", "-c"]
                ADD --chown=1:2 --chmod=640 --link a.tar "b c" /dst/
                ENV A=1 B="two words"
                LABEL org.x=y
                EXPOSE 80/tcp $PORT
                VOLUME /data /logs
                WORKDIR /w d
                USER app:app
                STOPSIGNAL SIGTERM
                HEALTHCHECK --interval=30s --timeout=3s --start-period=1m --start-interval=2s --retries=3 CMD curl -f localhost
                HEALTHCHECK NONE
                SHELL ["/bin/bash", "-c"]
                ONBUILD RUN echo built `
                  again
                """);
        assertEquals('`', df.escape());
        assertEquals(List.of(
                new Instruction.Maintainer(3, "MAINTAINER Jane <jane@example.com>", "Jane <jane@example.com>"),
                new Instruction.Run(4, "RUN [\"echo\", \"hi\"]", new Command.Exec(List.of("echo", "hi")), List.of()),
                new Instruction.Cmd(5, "CMD echo $HOME", new Command.Shell("echo $HOME")),
                new Instruction.Entrypoint(6, "ENTRYPOINT [\"/bin/sh\", \"-c\"]", new Command.Exec(List.of("/bin/sh", "-c"))),
                new Copy(7, "ADD --chown=1:2 --chmod=640 --link a.tar \"b c\" /dst/", true, List.of("a.tar", "\"b", "c\""),
                        "/dst/", null, "1:2", "640", List.of()),
                new Instruction.Env(8, "ENV A=1 B=\"two words\"", List.of(new KeyValue("A", "1"), new KeyValue("B", "\"two words\""))),
                new Instruction.Label(9, "LABEL org.x=y", List.of(new KeyValue("org.x", "y"))),
                new Instruction.Expose(10, "EXPOSE 80/tcp $PORT", List.of("80/tcp", "$PORT")),
                new Instruction.Volume(11, "VOLUME /data /logs", List.of("/data", "/logs")),
                new Instruction.Workdir(12, "WORKDIR /w d", "/w d"),
                new Instruction.User(13, "USER app:app", "app:app"),
                new Instruction.StopSignal(14, "STOPSIGNAL SIGTERM", "SIGTERM"),
                new Instruction.Healthcheck(15, "HEALTHCHECK --interval=30s --timeout=3s --start-period=1m --start-interval=2s"
                        + " --retries=3 CMD curl -f localhost", new Command.Shell("curl -f localhost"), "30s", "3s", "1m", "2s", "3"),
                new Instruction.Healthcheck(16, "HEALTHCHECK NONE", null, null, null, null, null, null),
                new Instruction.Shell(17, "SHELL [\"/bin/bash\", \"-c\"]", List.of("/bin/bash", "-c")),
                new Instruction.OnBuild(18, "ONBUILD RUN echo built   again", "RUN echo built   again")),
                df.stages().getFirst().instructions());
    }

    @Test
    void copyHeredocsBecomeSources() {
        Dockerfile df = Dockerfile.parse("""
                FROM x
                COPY <<-EOF a.txt <<'RAW' /dest/
                \thello $NAME
                \tEOF
                keep $NAME
                RAW
                RUN <<EOF
                set -e
                echo done
                EOF
                """);
        List<Instruction> ins = df.stages().getFirst().instructions();
        assertEquals(new Copy(2, "COPY <<-EOF a.txt <<'RAW' /dest/", false, List.of("a.txt"), "/dest/", null, null, null,
                List.of(new Heredoc("EOF", "hello $NAME\n", true), new Heredoc("RAW", "keep $NAME\n", false))), ins.get(0));
        assertEquals(new Instruction.Run(7, "RUN <<EOF", new Command.Shell("<<EOF"),
                List.of(new Heredoc("EOF", "set -e\necho done\n", true))), ins.get(1));
    }

    @Test
    void onbuildWithHeredocKeepsItsBody() {
        var onbuild = Dockerfile.parse("FROM x\nONBUILD RUN <<EOF\necho hi\nEOF\n").stages().getFirst().instructions().getFirst();
        assertEquals(new Instruction.OnBuild(2, "ONBUILD RUN <<EOF", "RUN <<EOF\necho hi\nEOF"), onbuild);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", textBlock = """
            FROM x\\nFOO bar => dockerfile parse error on line 2: unknown instruction: FOO
            FROM x\\nENV => dockerfile parse error on line 2: ENV requires at least one argument
            FROM x\\nENV =x => dockerfile parse error on line 2: ENV names can not be blank
            FROM x\\nENV a=1 b => dockerfile parse error on line 2: Syntax error - can't find = in "b". Must be of the form: name=value
            FROM x\\nENV onlykey => dockerfile parse error on line 2: ENV must have two arguments
            FROM x\\nLABEL => dockerfile parse error on line 2: LABEL requires at least one argument
            FROM x\\nARG => dockerfile parse error on line 2: ARG requires at least one argument
            FROM x\\nARG =v => dockerfile parse error on line 2: ARG names can not be blank
            FROM x\\nCOPY a => dockerfile parse error on line 2: COPY requires at least two arguments, but only one was provided. Destination could not be determined
            FROM x\\nADD a => dockerfile parse error on line 2: ADD requires at least two arguments, but only one was provided. Destination could not be determined
            FROM x\\nCOPY a <<EOF\\nEOF => dockerfile parse error on line 2: COPY cannot accept a heredoc as a destination
            FROM x\\nCOPY --exclude=*.md . / => dockerfile parse error on line 2: the --exclude option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled
            FROM x\\nCOPY --parents a / => dockerfile parse error on line 2: the --parents option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled
            FROM x\\nADD --checksum=sha256:0 a / => dockerfile parse error on line 2: the --checksum option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled
            FROM x\\nADD --from=y a / => dockerfile parse error on line 2: unknown flag: --from
            FROM x\\nCOPY --chown a / => dockerfile parse error on line 2: missing a value on flag: --chown
            FROM x\\nCOPY --link=maybe a / => dockerfile parse error on line 2: expecting boolean value for flag --link, not: maybe
            FROM x\\nCOPY --from=a --from=b a / => dockerfile parse error on line 2: duplicate flag specified: --from
            FROM x\\nRUN --mount=type=cache,target=/c make => dockerfile parse error on line 2: the --mount option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled
            FROM x\\nRUN --network=none make => dockerfile parse error on line 2: the --network option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled
            FROM x\\nRUN --foo make => dockerfile parse error on line 2: unknown flag: --foo
            FROM x\\nENV --foo a=b => dockerfile parse error on line 2: unknown flag: --foo
            FROM x\\nEXPOSE => dockerfile parse error on line 2: EXPOSE requires at least one argument
            FROM x\\nVOLUME => dockerfile parse error on line 2: VOLUME requires at least one argument
            FROM x\\nVOLUME [\"\"] => dockerfile parse error on line 2: VOLUME specified can not be an empty string
            FROM x\\nWORKDIR => dockerfile parse error on line 2: WORKDIR requires exactly one argument
            FROM x\\nUSER => dockerfile parse error on line 2: USER requires exactly one argument
            FROM x\\nSTOPSIGNAL => dockerfile parse error on line 2: STOPSIGNAL requires exactly one argument
            FROM x\\nMAINTAINER => dockerfile parse error on line 2: MAINTAINER requires exactly one argument
            FROM x\\nSHELL /bin/sh -c => dockerfile parse error on line 2: SHELL requires the arguments to be in JSON form
            FROM x\\nSHELL [] => dockerfile parse error on line 2: SHELL requires at least one argument
            FROM x\\nHEALTHCHECK => dockerfile parse error on line 2: HEALTHCHECK requires at least one argument
            FROM x\\nHEALTHCHECK NONE x => dockerfile parse error on line 2: HEALTHCHECK NONE takes no arguments
            FROM x\\nHEALTHCHECK CMD => dockerfile parse error on line 2: Missing command after HEALTHCHECK CMD
            FROM x\\nHEALTHCHECK CONNECT tcp => dockerfile parse error on line 2: Unknown type "CONNECT" in HEALTHCHECK (try CMD)
            FROM x\\nHEALTHCHECK --interval=1us CMD true => dockerfile parse error on line 2: Interval "interval" cannot be less than 1ms
            FROM x\\nHEALTHCHECK --timeout=3 CMD true => dockerfile parse error on line 2: time: missing unit in duration "3"
            FROM x\\nHEALTHCHECK --timeout=3y CMD true => dockerfile parse error on line 2: time: unknown unit "y" in duration "3y"
            FROM x\\nHEALTHCHECK --retries=-1 CMD true => dockerfile parse error on line 2: --retries cannot be negative (-1)
            FROM x\\nHEALTHCHECK --retries=x CMD true => dockerfile parse error on line 2: strconv.ParseInt: parsing "x": invalid syntax
            FROM x\\nHEALTHCHECK --bogus=1 CMD true => dockerfile parse error on line 2: unknown flag: --bogus
            FROM x\\nONBUILD => dockerfile parse error on line 2: ONBUILD requires at least one argument
            FROM x\\nONBUILD ONBUILD RUN x => dockerfile parse error on line 2: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed
            FROM x\\nONBUILD from y => dockerfile parse error on line 2: FROM isn't allowed as an ONBUILD trigger
            FROM x\\nONBUILD MAINTAINER me => dockerfile parse error on line 2: MAINTAINER isn't allowed as an ONBUILD trigger
            FROM => dockerfile parse error on line 1: FROM requires either one or three arguments
            FROM a b => dockerfile parse error on line 1: FROM requires either one or three arguments
            FROM a AS 1st => dockerfile parse error on line 1: invalid name for build stage: "1st", name can't start with a number or contain symbols
            FROM --platform a => dockerfile parse error on line 1: missing a value on flag: --platform
            RUN x\\nFROM y => dockerfile parse error on line 1: no build stage in current context
            ARG A\\nARG B => dockerfile contains no stages to build
            \\n\\n# nothing => file with no instructions
            """)
    void refusalsWithMobysMessages(String dockerfile, String message) {
        var e = assertThrows(DockerfileException.class, () -> Dockerfile.parse(dockerfile.replace("\\n", "\n")));
        assertEquals(message, e.getMessage());
    }

    @Test
    void emptyDockerfile() {
        assertEquals("the Dockerfile cannot be empty",
                assertThrows(DockerfileException.class, () -> Dockerfile.parse("")).getMessage());
    }

    @Test
    void parseErrorsComeBeforeInstructionErrors() {
        // moby splits every line before typing any: the JSON error on line 3 wins over line 2's
        var e = assertThrows(DockerfileException.class, () -> Dockerfile.parse("FROM x\nBOGUS\nCMD [1]"));
        assertEquals(3, e.line());
    }

    @Test
    void goDurations() {
        assertEquals(90_000_000_000L, GoDuration.nanos("1m30s"));
        assertEquals(5_400_000_000_000L, GoDuration.nanos("1.5h"));
        assertEquals(300_000_000L, GoDuration.nanos("300ms"));
        assertEquals(0, GoDuration.nanos("0"));
        assertEquals(-2_000L, GoDuration.nanos("-2us"));
        assertThrows(IllegalArgumentException.class, () -> GoDuration.nanos(""));
        assertThrows(IllegalArgumentException.class, () -> GoDuration.nanos("1..5s"));
    }
}
