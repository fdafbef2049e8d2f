package dev.lamina.image.registry;

import dev.lamina.image.ImageException;
import dev.lamina.image.http.RequestBody;
import dev.lamina.image.oci.Descriptor;
import dev.lamina.image.ref.ImageReference;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * One blob to a repository, sending only what is needed: nothing when the repository
 * has it (HEAD), a mount when another repository of the registry has it, else an
 * upload: one PUT for a blob of at most one chunk, otherwise PATCHes of a chunk each
 * and a closing PUT. A cut chunk is resumed where the registry says its upload stands;
 * a session that cannot go on is started over, a few times.
 */
final class BlobUpload {
    /** Notes for the progress display, as Docker words them. */
    static final String EXISTS = "Layer already exists", PUSHED = "Pushed", MOUNTED = "Mounted from ";
    private static final int ATTEMPTS = 4;

    private final RegistryClient client;
    private final long chunkSize;

    BlobUpload(RegistryClient client, long chunkSize) {
        if (chunkSize <= 0) throw new IllegalArgumentException("chunk size must be above 0");
        this.client = client;
        this.chunkSize = chunkSize;
    }

    /** Sends blob {@code d} (its bytes in {@code file}) to {@code image}'s repository; returns how, in the progress display's words. */
    String push(ImageReference image, Descriptor d, Path file, List<String> mountFrom, ProgressListener progress) {
        Access access = Access.push(image);
        UploadStart.Session session = null;
        try {
            if (client.send(access, new BlobExistsEndpoint(image, d.digest()))) return EXISTS;
            for (String from : mountFrom) {
                UploadStart start = client.send(Access.mount(image, from), new UploadStartEndpoint(image, d.digest(), from));
                if (start instanceof UploadStart.Session s) session = session == null ? s : session;
                else return MOUNTED + from;
            }
        } catch (IOException e) {
            throw RegistryErrors.unreachable(image, e);
        }
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                if (session == null) session = (UploadStart.Session) client.send(access, UploadStartEndpoint.fresh(image));
                upload(access, d, file, session.location(), progress);
                return PUSHED;
            } catch (IOException e) {
                last = e;
                session = null; // this session cannot go on: a new one from the start
            }
        }
        throw new ImageException(image.familiar() + ": upload of " + d.digest().shortId() + " failed after " + ATTEMPTS
                + " attempts: " + RegistryErrors.message(last));
    }

    private void upload(Access access, Descriptor d, Path file, URI location, ProgressListener progress) throws IOException {
        ImageReference image = access.image();
        String id = d.digest().shortId();
        long size = d.size();
        progress.started(id, "upload", size, 0);
        if (size <= chunkSize) {
            client.send(access, new UploadFinishEndpoint(image, location, d.digest(), range(file, 0, size, id, progress)));
            return;
        }
        long offset = 0;
        for (int failures = 0; offset < size; ) {
            long n = Math.min(chunkSize, size - offset);
            try {
                location = client.send(access, new UploadChunkEndpoint(image, location, range(file, offset, n, id, progress)));
                offset += n;
                failures = 0;
            } catch (IOException e) {
                if (++failures == ATTEMPTS) throw e;
                UploadStatusEndpoint.Status status = client.send(access, new UploadStatusEndpoint(image, location));
                if (status.received() > size) throw new IOException("the registry holds more of the upload than the blob has");
                location = status.location();
                offset = status.received();
                progress.started(id, "upload", size, offset);
            }
        }
        client.send(access, new UploadFinishEndpoint(image, location, d.digest(), null));
    }

    private static RequestBody.FileRange range(Path file, long offset, long length, String id, ProgressListener progress) {
        return new RequestBody.FileRange(file, offset, length, n -> progress.advanced(id, n));
    }
}
