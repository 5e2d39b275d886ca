package io.github.oras.operator.sidecar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Writes a blob's body straight from the HTTP client's buffers to a file, hashing the same buffers
 * on the way (no copies into byte arrays, one pass). Completes only when size and digest match.
 */
final class FileBodySubscriber implements HttpResponse.BodySubscriber<Path> {
  private final Path target;
  private final FileChannel channel;
  private final String expectedDigest;
  private final long expectedSize;
  private final String what;
  private final MessageDigest digest = Digests.newSha256();
  private final CompletableFuture<Path> result = new CompletableFuture<>();
  private Flow.Subscription subscription;
  private final java.util.function.LongConsumer received;
  private long count;

  /** {@code received} gets the running count of bytes written. */
  FileBodySubscriber(
      Path target,
      String expectedDigest,
      long expectedSize,
      String what,
      java.util.function.LongConsumer received) {
    this.received = received;
    this.target = target;
    this.expectedDigest = expectedDigest;
    this.expectedSize = expectedSize;
    this.what = what;
    try {
      this.channel =
          FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    try {
      for (ByteBuffer buffer : buffers) {
        digest.update(buffer.duplicate());
        count += buffer.remaining();
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      }
      received.accept(count);
      if (count > expectedSize) {
        throw corrupt("is longer than the " + expectedSize + " bytes its manifest says");
      }
      subscription.request(1);
    } catch (IOException e) {
      subscription.cancel();
      fail(e);
    }
  }

  @Override
  public void onError(Throwable error) {
    fail(error);
  }

  @Override
  public void onComplete() {
    try {
      channel.close();
      if (count != expectedSize) {
        throw corrupt("ended after " + count + " of " + expectedSize + " bytes");
      }
      String actual = Digests.format(digest);
      if (!actual.equals(expectedDigest)) {
        throw corrupt("has digest " + actual + " but its manifest says " + expectedDigest);
      }
      result.complete(target);
    } catch (IOException e) {
      fail(e);
    }
  }

  @Override
  public CompletionStage<Path> getBody() {
    return result;
  }

  private void fail(Throwable error) {
    try {
      channel.close();
    } catch (IOException suppressed) {
      error.addSuppressed(suppressed);
    }
    result.completeExceptionally(error);
  }

  private IOException corrupt(String detail) {
    return new CorruptBlobException(what + " " + detail + ": rejected");
  }
}
