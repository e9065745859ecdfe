package dev.unbundled.search.connector.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.elasticsearch.client.Cancellable;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseListener;
import org.elasticsearch.client.RestClient;

/**
 * Sends requests over the {@link RestClient}, each answered or failed within a deadline.
 *
 * <p>The client's own timeouts bound the connection and each read, not the request: its synchronous
 * call waits for the HTTP client's future without a limit, and a request that the HTTP client
 * neither answers nor fails (waiting for a pooled connection that is never given back, say) would
 * hold a task's bulk slot, and every offset behind it, forever. Past the deadline the request is
 * cancelled and fails as a timeout, which is retried like any other.
 */
public final class RestRequests {

  private final RestClient client;
  private final Duration deadline;

  public RestRequests(RestClient client, Duration deadline) {
    this.client = client;
    this.deadline = deadline;
  }

  /**
   * The answer to {@code request}.
   *
   * @throws org.elasticsearch.client.ResponseException for an error status, as the client reports
   *     it
   * @throws SocketTimeoutException when neither answer nor failure came within the deadline
   * @throws InterruptedIOException when the thread was interrupted; its flag is set again
   */
  public Response perform(Request request) throws IOException {
    CompletableFuture<Response> answer = new CompletableFuture<>();
    Cancellable call =
        client.performRequestAsync(
            request,
            new ResponseListener() {
              @Override
              public void onSuccess(Response response) {
                answer.complete(response);
              }

              @Override
              public void onFailure(Exception failure) {
                answer.completeExceptionally(failure);
              }
            });
    try {
      return answer.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      call.cancel();
      throw new SocketTimeoutException(
          request.getMethod()
              + " "
              + request.getEndpoint()
              + ": no answer and no failure within "
              + deadline.toSeconds()
              + " s; abandoned");
    } catch (InterruptedException e) {
      call.cancel();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while waiting for the search engine");
    } catch (ExecutionException e) {
      throw asIoException(e.getCause());
    }
  }

  private static IOException asIoException(Throwable failure) {
    if (failure instanceof IOException io) {
      return io;
    }
    return new IOException(failure.getMessage(), failure);
  }
}
