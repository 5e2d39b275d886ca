import io.vertx.core.DeploymentOptions;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The HTTP and TLS stack the webhook runs on (Vert.x on Netty, BoringSSL, one server per event
 * loop), answering every POST with a fixed file once the whole body has arrived: what a review
 * costs without the review's own work (parse, mutate, answer). bench/webhook/run loads it like the
 * webhook and nginx, so the three numbers say how far the stack alone is from nginx.
 *
 * <pre>java -cp CLASSPATH StaticAnswer.java PORT CERT KEY ANSWER EVENT_LOOPS</pre>
 */
public class StaticAnswer {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    Buffer answer = Buffer.buffer(Files.readAllBytes(Path.of(args[3])));
    int loops = Integer.parseInt(args[4]);
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost("127.0.0.1")
            .setPort(port)
            .setSsl(true)
            .setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"))
            .setSslEngineOptions(new OpenSSLEngineOptions())
            .setKeyCertOptions(new PemKeyCertOptions().setCertPath(args[1]).setKeyPath(args[2]));
    Vertx vertx = Vertx.vertx();
    vertx
        .deployVerticle(
            () ->
                new AbstractVerticle() {
                  @Override
                  public void start() {
                    vertx
                        .createHttpServer(options)
                        .requestHandler(
                            request ->
                                request
                                    .body()
                                    .onSuccess(
                                        body ->
                                            request
                                                .response()
                                                .putHeader("Content-Type", "application/json")
                                                .end(answer)))
                        .listen();
                  }
                },
            new DeploymentOptions().setInstances(loops))
        .toCompletionStage()
        .toCompletableFuture()
        .get();
    System.out.println("listening on " + port);
  }
}
