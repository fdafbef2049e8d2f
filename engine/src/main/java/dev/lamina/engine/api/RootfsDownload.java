package dev.lamina.engine.api;

import dev.lamina.engine.http.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The tarball of `docker import URL` (POST /images/create?fromSrc=URL), fetched as moby fetches
 * it: a GET that follows redirects and must answer 200. Its body is read as the import goes.
 */
final class RootfsDownload {
    private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30)).build();

    private RootfsDownload() {}

    static InputStream open(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid URL " + url + ": " + e.getMessage());
        }
        if (uri.getHost() == null) throw ApiException.badRequest("invalid URL " + url + ": no host");
        HttpResponse<InputStream> response;
        try {
            response = CLIENT.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new ApiException(500, "cannot download " + url + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(500, "the download of " + url + " was interrupted");
        }
        if (response.statusCode() != 200) {
            try {
                response.body().close(); // not read: a server may send no end
            } catch (IOException ignored) {
                // the status says enough
            }
            throw ApiException.badRequest("cannot download " + url + ": the server answered " + response.statusCode());
        }
        return response.body();
    }
}
