package io.github.oras.operator.sidecar;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.LongConsumer;

/**
 * Hands a blob's body to a reader on another thread as it arrives (through a bounded {@link
 * ChunkPipe}), hashing the same buffers. The reader sees the end of the data only when size and
 * digest matched; otherwise it gets the {@link CorruptBlobException} instead. When the reader stops
 * early (it refused the content), the rest of the body is still received and hashed, so that a blob
 * whose digest is wrong is reported as that, whatever its bytes did to the reader.
 */
final class PipeBodySubscriber implements HttpResponse.BodySubscriber<Void> {
  private final ChunkPipe pipe;
  private final ChunkingOutputStream sink;
  private final String expectedDigest;
  private final long expectedSize;
  private final String what;
  private final LongConsumer received;
  private final MessageDigest digest = Digests.newSha256();
  private final CompletableFuture<Void> result = new CompletableFuture<>();
  private Flow.Subscription subscription;
  private boolean readerGone;
  private long count;

  /** {@code received} gets the running count of bytes received. */
  PipeBodySubscriber(
      ChunkPipe pipe,
      String expectedDigest,
      long expectedSize,
      String what,
      LongConsumer received) {
    this.pipe = pipe;
    this.sink = pipe.sink();
    this.expectedDigest = expectedDigest;
    this.expectedSize = expectedSize;
    this.what = what;
    this.received = received;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    for (ByteBuffer buffer : buffers) {
      digest.update(buffer.duplicate());
      count += buffer.remaining();
      if (!readerGone) {
        try {
          sink.write(buffer);
        } catch (IOException e) {
          // The reader stopped (it refused the content, or failed): keep hashing for the verdict.
          readerGone = true;
        }
      }
    }
    received.accept(count);
    if (count > expectedSize) {
      subscription.cancel();
      fail(corrupt("is longer than the " + expectedSize + " bytes its manifest says"));
      return;
    }
    subscription.request(1);
  }

  @Override
  public void onError(Throwable error) {
    fail(error);
  }

  @Override
  public void onComplete() {
    if (count != expectedSize) {
      fail(corrupt("ended after " + count + " of " + expectedSize + " bytes"));
      return;
    }
    String actual = Digests.format(digest);
    if (!actual.equals(expectedDigest)) {
      fail(corrupt("has digest " + actual + " but its manifest says " + expectedDigest));
      return;
    }
    if (!readerGone) {
      try {
        sink.close();
      } catch (IOException e) {
        // the reader stopped after all the data was handed over: its own outcome tells
      }
    }
    result.complete(null);
  }

  @Override
  public CompletionStage<Void> getBody() {
    return result;
  }

  private void fail(Throwable error) {
    pipe.fail(error);
    result.completeExceptionally(error);
  }

  private IOException corrupt(String detail) {
    return new CorruptBlobException(what + " " + detail + ": rejected");
  }
}
