package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PipeBodySubscriberTest {
  private final byte[] body = new byte[1_500_000];
  private final List<Long> received = new ArrayList<>();
  private boolean cancelled;

  PipeBodySubscriberTest() {
    new Random(12).nextBytes(body);
  }

  private PipeBodySubscriber subscriber(ChunkPipe pipe, String digest, long size) {
    PipeBodySubscriber subscriber =
        new PipeBodySubscriber(pipe, digest, size, "layer t", received::add);
    subscriber.onSubscribe(
        new Flow.Subscription() {
          @Override
          public void request(long n) {}

          @Override
          public void cancel() {
            cancelled = true;
          }
        });
    return subscriber;
  }

  /** Delivers {@code data} as the HTTP client would, in buffers of 100,000 bytes, then ends. */
  private static void deliver(PipeBodySubscriber subscriber, byte[] data) {
    for (int off = 0; off < data.length; off += 100_000) {
      int n = Math.min(100_000, data.length - off);
      subscriber.onNext(List.of(ByteBuffer.wrap(data, off, n)));
    }
    subscriber.onComplete();
  }

  private static CompletableFuture<byte[]> readAll(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            return in.readAllBytes();
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  @Test
  void aVerifiedBodyReachesTheReaderWhole() throws Exception {
    ChunkPipe pipe = new ChunkPipe();
    CompletableFuture<byte[]> reader = readAll(pipe.source());
    PipeBodySubscriber subscriber = subscriber(pipe, Digests.sha256(body), body.length);
    deliver(subscriber, body);
    assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo(body);
    assertThat(subscriber.getBody().toCompletableFuture().isCompletedExceptionally()).isFalse();
    assertThat(received).last().isEqualTo((long) body.length);
  }

  @Test
  void aWrongDigestReachesTheReaderAsAnErrorNotAnEnd() throws Exception {
    ChunkPipe pipe = new ChunkPipe();
    CompletableFuture<byte[]> reader = readAll(pipe.source());
    PipeBodySubscriber subscriber = subscriber(pipe, Digests.sha256(new byte[1]), body.length);
    deliver(subscriber, body);
    assertThatThrownBy(() -> reader.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasRootCauseInstanceOf(CorruptBlobException.class)
        .hasMessageContaining("layer t has digest");
    assertThatThrownBy(() -> subscriber.getBody().toCompletableFuture().get())
        .hasCauseInstanceOf(CorruptBlobException.class);
  }

  @Test
  void aReaderThatStopsEarlyStillGetsTheBodyVerified() throws Exception {
    for (boolean intact : new boolean[] {true, false}) {
      ChunkPipe pipe = new ChunkPipe();
      pipe.closeReader(); // the reader refused the content at its first bytes
      String digest = intact ? Digests.sha256(body) : Digests.sha256(new byte[1]);
      PipeBodySubscriber subscriber = subscriber(pipe, digest, body.length);
      deliver(subscriber, body);
      CompletableFuture<Void> result = subscriber.getBody().toCompletableFuture();
      assertThat(result.isCompletedExceptionally()).isEqualTo(!intact);
      assertThat(received).last().isEqualTo((long) body.length);
      received.clear();
    }
  }

  @Test
  void aBodyLongerOrShorterThanTheManifestSaysIsRejected() throws Exception {
    ChunkPipe longer = new ChunkPipe();
    CompletableFuture<byte[]> reader = readAll(longer.source());
    PipeBodySubscriber tooLong = subscriber(longer, Digests.sha256(body), body.length - 1);
    tooLong.onNext(List.of(ByteBuffer.wrap(body)));
    assertThat(cancelled).isTrue();
    assertThatThrownBy(() -> reader.get(10, TimeUnit.SECONDS))
        .hasMessageContaining("is longer than the " + (body.length - 1) + " bytes");

    ChunkPipe shorter = new ChunkPipe();
    CompletableFuture<byte[]> shortReader = readAll(shorter.source());
    deliver(subscriber(shorter, Digests.sha256(body), body.length + 1), body);
    assertThatThrownBy(() -> shortReader.get(10, TimeUnit.SECONDS))
        .hasMessageContaining("ended after " + body.length + " of " + (body.length + 1));
  }
}
