package dev.lamina.image.registry;

import dev.lamina.image.ImageException;
import dev.lamina.image.http.HttpClient;
import dev.lamina.image.http.Proxies;
import dev.lamina.image.http.Request;
import dev.lamina.image.http.Response;
import dev.lamina.image.oci.Descriptor;
import dev.lamina.image.ref.Digest;
import dev.lamina.image.ref.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client of the OCI distribution API: manifests and blobs, with anonymous, Basic
 * and Bearer-token auth, HTTP only for insecure registries, and redirects followed by
 * hand so the Authorization header never goes to another host. What each request
 * is (address, headers, the answer's meaning) is its endpoint's: {@link ManifestEndpoint},
 * {@link BlobEndpoint}, {@link TokenEndpoint}; this class reaches them: the registry's
 * base, the auth and redirect flow, and resumed blob downloads.
 */
public final class RegistryClient implements AutoCloseable {
    private static final int MAX_REDIRECTS = 5;
    private static final int BLOB_ATTEMPTS = 4;
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final Credentials credentials;
    private final Set<String> insecure;
    private final Duration timeout;
    private final Map<String, String> bases = new ConcurrentHashMap<>();
    private final Map<String, String> authorizations = new ConcurrentHashMap<>();

    /** A manifest as the registry sent it, with the digest of its exact bytes. */
    public record FetchedManifest(byte[] body, String contentType, Digest digest) {}

    public RegistryClient(Credentials credentials, Set<String> insecure) {
        this(credentials, insecure, Request.DEFAULT_TIMEOUT, Proxies.NONE);
    }

    /**
     * {@code timeout} bounds each connect and each wait for bytes (a stalled blob
     * download is then resumed); {@code proxies} says which requests go through a proxy.
     */
    public RegistryClient(Credentials credentials, Set<String> insecure, Duration timeout, Proxies proxies) {
        this.http = new HttpClient(proxies);
        this.credentials = credentials;
        this.insecure = Set.copyOf(insecure);
        this.timeout = timeout;
    }

    /** Loopback registries, and those listed by the user, may be reached over plain HTTP. */
    public boolean isInsecure(String registry) {
        String host = registry.replaceFirst(":[0-9]+$", "");
        return insecure.contains(registry) || insecure.contains(host) || Request.isLoopback(host);
    }

    public FetchedManifest manifest(ImageReference image, String reference) {
        return call(image, new ManifestEndpoint(image, reference));
    }

    /**
     * Every tag of {@code image}'s repository, at most {@code max}: page by page as the registry's Link headers lead
     * (a registry that sends none: the page it gives), stopping at a page that brings nothing new.
     */
    public List<String> tags(ImageReference image, int max) {
        Set<String> all = new java.util.LinkedHashSet<>();
        String last = null;
        for (int pages = 0; pages < 1000 && all.size() < max; pages++) {
            TagsEndpoint.Page page = call(image, new TagsEndpoint(image, last));
            int before = all.size();
            all.addAll(page.tags());
            if (all.size() == before || page.next() == null) break;
            last = page.next();
        }
        return all.stream().limit(max).toList();
    }

    /**
     * `docker login`: whether {@code login} is good at {@code registry}, asked as
     * Docker asks: GET /v2/, and when that is refused, its challenge answered with
     * the login (Basic at the registry, or Basic at the token service a Bearer
     * challenge names, for a token of no scope). Throws LoginRefused when the
     * registry or its token service turns the login down.
     */
    public void login(String registry, Credentials.Login login) {
        URI ping = URI.create(base(registry) + "/v2/");
        try {
            AuthChallenge challenge;
            try (Response r = http.send(request(ping))) {
                if (r.status() == 200) return; // open to all: nothing to check, as Docker says
                if (r.status() != 401) throw new ImageException("login to " + registry + ": the registry answered " + r.status() + " at " + ping);
                challenge = AuthChallenge.parse(r.headers().first("WWW-Authenticate").orElse(null));
            }
            URI check;
            if (challenge != null && challenge.isBasic()) check = ping;
            else if (challenge != null && challenge.isBearer() && challenge.params().get("realm") != null) {
                String realm = challenge.params().get("realm");
                String service = challenge.params().get("service");
                check = URI.create(service == null ? realm : realm + (realm.contains("?") ? "&" : "?") + "service="
                        + java.net.URLEncoder.encode(service, java.nio.charset.StandardCharsets.UTF_8));
                if (check.getScheme().equals("http") && !isInsecure(check.getAuthority()) && !isInsecure(registry))
                    throw new ImageException("login to " + registry + ": the token service is plain HTTP at " + check.getHost());
            } else {
                throw new ImageException("login to " + registry + ": the registry wants authentication but does not say how");
            }
            try (Response r = http.send(request(check).with("Authorization", login.basic()))) {
                if (r.status() == 401 || r.status() == 403)
                    throw new LoginRefused("Get \"" + ping + "\": unauthorized: incorrect username or password");
                if (r.status() != 200) throw new ImageException("login to " + registry + ": " + check.getHost() + " answered " + r.status());
            }
        } catch (IOException e) {
            throw new ImageException("login to " + registry + ": cannot reach " + ping + ": " + RegistryErrors.message(e));
        }
    }

    /** Fetches a small blob (a config) whole, checking its digest. */
    public byte[] smallBlob(ImageReference image, Descriptor d, int maxBytes) {
        return call(image, BlobEndpoint.small(image, d, maxBytes));
    }

    /** Sends one endpoint's request (auth and redirects answered) and reads its answer. */
    private <T> T call(ImageReference image, RegistryEndpoint<T> endpoint) {
        try {
            return send(Access.pull(image), endpoint);
        } catch (IOException e) {
            throw RegistryErrors.unreachable(image, e);
        }
    }

    /** Sends one endpoint's request with {@code access} (an upload's) and reads its answer; a network failure is thrown as such. */
    <T> T send(Access access, RegistryEndpoint<T> endpoint) throws IOException {
        try (Response r = send(access, prepared(access.image(), endpoint))) {
            return endpoint.handle(r);
        }
    }

    private Request prepared(ImageReference image, RegistryEndpoint<?> endpoint) {
        return endpoint.prepare(request(endpoint.uri(base(image.registry()))));
    }

    /** Reads a blob while it downloads (an unpacker); it need not read to the end. */
    public interface StreamConsumer {
        void accept(InputStream blob) throws IOException;
    }

    /**
     * Downloads a blob into {@code partial}, continuing from what it already holds
     * with a Range request, and again after a connection drops. When the download
     * starts from nothing, {@code whileDownloading} (if given) reads the bytes as they
     * arrive, from the file on a thread of its own, so the download never waits for
     * it; the call returns once both are done. Returns the digest of the whole file;
     * the caller compares it with the descriptor (the progress listener hears of a
     * match at once). A consumer's refusal is reported only if the blob's digest is
     * right: otherwise the corruption is the news.
     */
    public Digest blob(ImageReference image, Descriptor d, Path partial, ProgressListener progress, StreamConsumer whileDownloading)
            throws IOException {
        String id = d.digest().shortId();
        IOException last = null;
        for (int attempt = 1; attempt <= BLOB_ATTEMPTS; attempt++) {
            long have = Files.exists(partial) ? Files.size(partial) : 0;
            if (have > d.size()) { Files.delete(partial); have = 0; }
            MessageDigest md = Digest.sha256();
            if (have > 0) try (InputStream in = Files.newInputStream(partial)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            }
            progress.started(id, "layer", d.size(), have);
            if (have == d.size() && have > 0) return verified(Digest.of(md), d, progress);
            Request req = prepared(image, BlobEndpoint.from(image, d, have));
            Access access = Access.pull(image);
            Reader reader = null;
            try {
                long received;
                try (Response r = send(access, req)) {
                    InputStream body = r.body();
                    if (r.status() == 416) { Files.deleteIfExists(partial); continue; }
                    if (r.status() == 200 && have > 0) { md = Digest.sha256(); have = 0; progress.started(id, "layer", d.size(), 0); }
                    else if (r.status() != 200 && r.status() != 206) throw RegistryErrors.failure(image, r.status(), body, "blob " + id);
                    StandardOpenOption mode = have > 0 ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
                    try (OutputStream file = Files.newOutputStream(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
                        OutputStream out = file;
                        if (whileDownloading != null && have == 0) {
                            GrowingFile growing = new GrowingFile(partial);
                            out = growing.writer(file);
                            reader = new Reader(growing, whileDownloading, id);
                            whileDownloading = null; // once: a resumed download is unpacked from the file
                        }
                        BlobStream stream = new BlobStream(body, out, md, progress, id, d.size() - have, image.familiar());
                        stream.drain();
                        received = have + stream.received();
                    }
                }
                if (received < d.size()) { last = new IOException("connection closed early"); continue; }
                Digest digest = verified(Digest.of(md), d, progress);
                if (reader != null) {
                    ImageException refused = reader.finish();
                    if (refused != null && digest.equals(d.digest())) throw refused;
                }
                return digest;
            } catch (IOException e) {
                last = e; // the partial file keeps what arrived; the next attempt resumes it
            } finally {
                // A download that did not end whole stops its reader (its reads fail) and waits for it.
                if (reader != null) reader.abandon();
            }
        }
        throw new ImageException(image.familiar() + ": download of " + id + " failed after " + BLOB_ATTEMPTS
                + " attempts: " + (last == null ? "the registry refused the range" : RegistryErrors.message(last)));
    }

    private static Digest verified(Digest digest, Descriptor d, ProgressListener progress) {
        if (digest.equals(d.digest())) progress.verified(d.digest().shortId());
        return digest;
    }

    /** A consumer reading a blob as it downloads, on a platform thread of its own (an unpacker makes host calls). */
    private static final class Reader {
        private final GrowingFile file;
        private final Thread thread;
        private Throwable failure;

        Reader(GrowingFile file, StreamConsumer consumer, String id) {
            this.file = file;
            this.thread = Thread.ofPlatform().daemon().name("lamina-unpack-" + id).start(() -> {
                try (InputStream in = file.reader()) {
                    consumer.accept(in);
                } catch (IOException | RuntimeException | Error e) {
                    failure = e;
                }
            });
        }

        /**
         * Unless {@link #finish} came first (the download was whole), the consumer's reads
         * fail from now on; waits for it. Its own end is no news: the download's failure is.
         */
        void abandon() throws IOException {
            file.end(new IOException("the download of the blob stopped"));
            join();
        }

        /** The download is whole: waits for the consumer; returns its refusal, throws its other failures. */
        ImageException finish() throws IOException {
            file.end(null);
            join();
            return switch (failure) {
                case null -> null;
                case ImageException e -> e;
                case IOException e -> throw e;
                case RuntimeException e -> throw e;
                case Error e -> throw e;
                default -> throw new IllegalStateException(failure);
            };
        }

        private void join() throws IOException {
            try {
                thread.join();
            } catch (InterruptedException e) {
                file.end(new java.io.InterruptedIOException("the pull was stopped"));
                thread.interrupt();
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while the blob was read");
            }
        }
    }

    private Request request(URI uri) {
        return Request.get(uri).within(timeout);
    }

    /**
     * https://, or for an insecure registry plain http:// when a registry answers there
     * (it sends Docker-Distribution-API-Version), else https://. Asking plain HTTP first
     * spares a local registry a TLS handshake that is bound to fail.
     */
    private String base(String registry) {
        return bases.computeIfAbsent(registry, r -> {
            String host = r.equals(ImageReference.DOCKER_HUB) ? "registry-1.docker.io" : r;
            if (!isInsecure(r)) return "https://" + host;
            try (Response answer = http.send(request(URI.create("http://" + host + "/v2/")).within(PROBE_TIMEOUT.compareTo(timeout) < 0 ? PROBE_TIMEOUT : timeout))) {
                if (answer.headers().first("Docker-Distribution-API-Version").isPresent()) return "http://" + host;
            } catch (IOException e) {
                // not plain HTTP (or not up): https below, whose error the user will see
            }
            return "https://" + host;
        });
    }

    /** Closes the connections kept for reuse. */
    @Override
    public void close() {
        http.close();
    }

    /**
     * Sends with the cached authorization, answering one 401 challenge and following
     * redirects. The authorization goes only to the registry's own origin: not to
     * storage a redirect or an upload's Location names elsewhere.
     */
    private Response send(Access access, Request request) throws IOException {
        ImageReference image = access.image();
        String origin = Request.origin(URI.create(base(image.registry())));
        URI uri = request.uri();
        boolean challenged = false;
        for (int hop = 0; hop <= MAX_REDIRECTS; ) {
            if (uri.getScheme().equals("http") && !isInsecure(image.registry()))
                throw new ImageException(image.familiar() + ": the registry points to plain HTTP (" + uri.getHost() + ")");
            Request hopRequest = request.at(uri);
            boolean sameServer = Request.origin(uri).equals(origin);
            String auth = authorizations.get(access.key());
            if (auth != null && sameServer) hopRequest = hopRequest.with("Authorization", auth);
            Response r = http.send(hopRequest);
            int status = r.status();
            if (status == 401 && !challenged && sameServer) {
                String challenge = r.headers().first("WWW-Authenticate").orElse(null);
                r.close();
                challenged = true;
                authorizations.put(access.key(), authorize(access, AuthChallenge.parse(challenge)));
                continue;
            }
            if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                String location = r.headers().first("Location").orElse(null);
                r.close();
                if (location == null) throw new ImageException(image.familiar() + ": the registry redirected without a Location");
                uri = uri.resolve(location);
                hop++;
                continue;
            }
            return r;
        }
        throw new ImageException(image.familiar() + ": more than " + MAX_REDIRECTS + " redirects");
    }

    private String authorize(Access access, AuthChallenge challenge) throws IOException {
        ImageReference image = access.image();
        Credentials.Login login = credentials.forRegistry(image.registry());
        if (challenge == null) throw new ImageException(image.familiar() + ": the registry wants authentication but does not say how");
        if (challenge.isBasic()) {
            if (login == null) throw new ImageException(image.familiar() + ": the registry wants a login (add one to ~/.docker/config.json, e.g. with docker login)");
            return login.basic();
        }
        if (!challenge.isBearer()) throw new ImageException(image.familiar() + ": unsupported authentication scheme " + challenge.scheme());
        TokenEndpoint token = new TokenEndpoint(image, challenge, login, access.scopes());
        URI tokenUri = token.uri(null);
        if (tokenUri.getScheme().equals("http") && !isInsecure(tokenUri.getAuthority()) && !isInsecure(image.registry()))
            throw new ImageException(image.familiar() + ": the token service is plain HTTP at " + tokenUri.getHost());
        try (Response r = http.send(token.prepare(request(tokenUri)))) {
            return token.handle(r);
        }
    }
}
