package dev.allframe.it.micro.chaingap;

import dev.allframe.cqrs.EventStore;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** Answers {@code alive <last position>} once the application is deployed and its event store opened. */
@WebServlet("/alive")
public class AliveServlet extends HttpServlet {
    @Inject
    EventStore store;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        resp.getWriter().print("alive " + store.lastPosition());
    }
}
