package dev.allframe.sample.api;

import jakarta.json.Json;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The JSON body of errors the servlet container answers itself (see {@code WEB-INF/web.xml}): the same
 * shape as the API's errors ({@code status}, {@code error}, {@code violations}), never an HTML page or a
 * stack trace.
 */
@WebServlet("/error")
public class ContainerErrorServlet extends HttpServlet {

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer c ? c : HttpServletResponse.SC_NOT_FOUND;
        Object uri = req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri != null ? uri.toString() : req.getRequestURI();
        String problem = switch (status) {
            case 404 -> "no resource at " + path + "; the API is at /api/streams/{stream}/events";
            case 403, 405 -> req.getMethod() + " is not allowed on " + path + "; the API is at /api/streams/{stream}/events";
            case 400 -> "the request could not be read (malformed URL, header or body)";
            default -> "the server failed to answer; nothing is known to have been stored; see the server log";
        };
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.getWriter().write(Json.createObjectBuilder().add("status", status).add("error", reason(status))
                .add("violations", Json.createArrayBuilder().add(problem)).build().toString());
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            default -> "Internal Server Error";
        };
    }
}
