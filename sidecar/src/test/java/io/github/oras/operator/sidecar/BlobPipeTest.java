package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class BlobPipeTest {
  private final byte[] body = new byte[1_500_000];
  private final List<Long> received = new ArrayList<>();

  BlobPipeTest() {
    new Random(12).nextBytes(body);
  }

  /** Sends {@code data} through the pipe; the failure, or null. */
  private IOException write(ChunkPipe pipe, byte[] data, String digest, long size) {
    try {
      BlobPipe.write(new ByteArrayInputStream(data), pipe, digest, size, "layer t", received::add);
      return null;
    } catch (IOException e) {
      return e;
    }
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
    assertThat(write(pipe, body, Digests.sha256(body), body.length)).isNull();
    assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo(body);
    assertThat(received).last().isEqualTo((long) body.length);
  }

  @Test
  void aWrongDigestReachesTheReaderAsAnErrorNotAnEnd() throws Exception {
    ChunkPipe pipe = new ChunkPipe();
    CompletableFuture<byte[]> reader = readAll(pipe.source());
    assertThat(write(pipe, body, Digests.sha256(new byte[1]), body.length))
        .isInstanceOf(CorruptBlobException.class);
    assertThatThrownBy(() -> reader.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasRootCauseInstanceOf(CorruptBlobException.class)
        .hasMessageContaining("layer t has digest");
  }

  @Test
  void aReaderThatStopsEarlyStillGetsTheBodyVerified() throws Exception {
    for (boolean intact : new boolean[] {true, false}) {
      ChunkPipe pipe = new ChunkPipe();
      pipe.closeReader(); // the reader refused the content at its first bytes
      String digest = intact ? Digests.sha256(body) : Digests.sha256(new byte[1]);
      IOException failure = write(pipe, body, digest, body.length);
      if (intact) {
        assertThat(failure).isNull();
      } else {
        assertThat(failure).isInstanceOf(CorruptBlobException.class);
      }
      assertThat(received).last().isEqualTo((long) body.length);
      received.clear();
    }
  }

  @Test
  void aBodyLongerOrShorterThanTheManifestSaysIsRejected() throws Exception {
    ChunkPipe longer = new ChunkPipe();
    CompletableFuture<byte[]> reader = readAll(longer.source());
    assertThat(write(longer, body, Digests.sha256(body), body.length - 1))
        .hasMessageContaining("is longer than the " + (body.length - 1) + " bytes");
    assertThatThrownBy(() -> reader.get(10, TimeUnit.SECONDS))
        .hasMessageContaining("is longer than the " + (body.length - 1) + " bytes");

    ChunkPipe shorter = new ChunkPipe();
    CompletableFuture<byte[]> shortReader = readAll(shorter.source());
    write(shorter, body, Digests.sha256(body), body.length + 1);
    assertThatThrownBy(() -> shortReader.get(10, TimeUnit.SECONDS))
        .hasMessageContaining("ended after " + body.length + " of " + (body.length + 1));
  }
}
