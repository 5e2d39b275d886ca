package io.github.oras.operator.sidecar;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body the client keeps in memory (a manifest, an error document, a token), read up to
 * {@link #MAX_BYTES}: a broken or hostile registry or token server cannot make the sidecar hold an
 * endless body. Blobs stream to files and are bounded by their descriptors instead.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
  /**
   * Registries may refuse manifests above 4 MiB (OCI distribution spec); nothing else is bigger.
   */
  static final int MAX_BYTES = 4 * 1024 * 1024;

  /** A body above the bound. Not retried: the server answers the same way again. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(long limit) {
      super(
          "the response body is larger than "
              + limit / (1024 * 1024)
              + " MiB; refusing to read it");
    }
  }

  private final int limit;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private Flow.Subscription subscription;

  BoundedBody(int limit) {
    this.limit = limit;
  }

  static HttpResponse.BodyHandler<byte[]> handler() {
    return info -> new BoundedBody(MAX_BYTES);
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    for (ByteBuffer buffer : buffers) {
      if (result.isDone()) {
        return;
      }
      if (bytes.size() + (long) buffer.remaining() > limit) {
        subscription.cancel();
        result.completeExceptionally(new TooLarge(limit));
        return;
      }
      byte[] chunk = new byte[buffer.remaining()];
      buffer.get(chunk);
      bytes.write(chunk, 0, chunk.length);
    }
  }

  @Override
  public void onError(Throwable error) {
    result.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    result.complete(bytes.toByteArray());
  }
}
