// The board's cards move by drag and drop and from the keyboard (SP-9, issue #14 item 14).
//
// Every way goes through the board's one move menu (#move-menu-form), a real form that
// htmx posts to the same "move" endpoint as each card's "Move…" page: the key, the
// version the person saw, and the column. Without JavaScript nothing here runs and each
// card's "Move…" link opens a form of its own.
//
// On a card (its title or its "Move…" link focused):
//   M                     opens the move menu (so does the "Move…" link);
//   Shift+ArrowRight/Left moves the card one column right or left.
// In the menu, ArrowUp/ArrowDown go through the columns, Enter moves, Escape closes.
(() => {
  "use strict";

  const board = () => document.getElementById("board");
  const statuses = () =>
    Array.from(document.querySelectorAll("#board-columns > .board-column")).map(
      (column) => column.dataset.status,
    );
  // After a move, focus returns to the same part of the card as before.
  let refocus = ".move-link";

  function cardOf(element) {
    return element instanceof Element ? element.closest(".ticket-card") : null;
  }

  // A card's key is in its id ("card-KEY"); its status is its column's (a stretch goal,
  // in the lane below the columns, carries its own): the board holds hundreds of cards.
  function keyOf(card) {
    return card.id.slice("card-".length);
  }

  function statusOf(card) {
    const column = card.closest(".board-column");
    return card.dataset.status || (column ? column.dataset.status : "");
  }

  function send(card, status) {
    const form = document.getElementById("move-menu-form");
    if (!form || !card || !status) return;
    form.elements.key.value = keyOf(card);
    form.elements.version.value = card.dataset.version;
    form.elements.status.value = status;
    const menu = document.getElementById("move-menu");
    if (menu && menu.open) menu.close();
    form.requestSubmit();
  }

  function openMenu(card) {
    const menu = document.getElementById("move-menu");
    if (!menu || !card) return;
    menu.dataset.key = keyOf(card);
    menu.querySelector("[data-menu-key]").textContent = keyOf(card);
    let current = null;
    for (const button of menu.querySelectorAll("button[data-status]")) {
      const here = button.dataset.status === statusOf(card);
      button.toggleAttribute("aria-current", here);
      button.textContent = here ? `${button.dataset.status} (now)` : button.dataset.status;
      if (here) current = button;
    }
    menu.showModal();
    (current || menu.querySelector("button[data-status]")).focus();
  }

  function cardByKey(key) {
    return document.getElementById(`card-${key}`);
  }

  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest(".move-link") : null;
    if (link && cardOf(link)) {
      event.preventDefault();
      refocus = ".move-link";
      openMenu(cardOf(link));
      return;
    }
    const choice = event.target instanceof Element
      ? event.target.closest("#move-menu button[data-status]")
      : null;
    if (choice) {
      const menu = document.getElementById("move-menu");
      const card = cardByKey(menu.dataset.key);
      if (card && choice.dataset.status !== statusOf(card)) {
        send(card, choice.dataset.status);
      } else {
        menu.close();
      }
      return;
    }
    if (event.target instanceof Element && event.target.closest("[data-menu-close]")) {
      document.getElementById("move-menu").close();
    }
  });

  document.addEventListener("keydown", (event) => {
    const menu = document.getElementById("move-menu");
    if (menu && menu.open && menu.contains(event.target)) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        const buttons = Array.from(menu.querySelectorAll("button[data-status]"));
        const at = buttons.indexOf(event.target);
        const next = at < 0 ? 0 : (at + (event.key === "ArrowDown" ? 1 : -1) + buttons.length) % buttons.length;
        buttons[next].focus();
        event.preventDefault();
      }
      return;
    }
    const card = cardOf(event.target);
    if (!card || event.altKey || event.ctrlKey || event.metaKey) return;
    refocus = event.target.matches(".move-link") ? ".move-link" : ".ticket-title a";
    if ((event.key === "m" || event.key === "M") && !event.shiftKey) {
      event.preventDefault();
      openMenu(card);
    } else if (event.shiftKey && (event.key === "ArrowRight" || event.key === "ArrowLeft")) {
      const all = statuses();
      const at = all.indexOf(statusOf(card));
      const to = all[at + (event.key === "ArrowRight" ? 1 : -1)];
      event.preventDefault();
      if (at >= 0 && to) send(card, to);
    }
  });

  // When the menu closes without a move, focus goes back to the card it was opened on.
  document.addEventListener(
    "close",
    (event) => {
      if (event.target.id !== "move-menu") return;
      const card = cardByKey(event.target.dataset.key);
      const back = card && card.querySelector(refocus);
      if (back && document.activeElement === document.body) back.focus();
    },
    true,
  );

  // Drag and drop: a card onto another column.
  let dragged = null;
  document.addEventListener("dragstart", (event) => {
    const card = cardOf(event.target);
    if (!card) return;
    dragged = card;
    card.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", keyOf(card));
  });
  document.addEventListener("dragend", () => {
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
    for (const column of document.querySelectorAll(".board-column.drop-target")) {
      column.classList.remove("drop-target");
    }
  });
  document.addEventListener("dragover", (event) => {
    const column = event.target instanceof Element ? event.target.closest(".board-column") : null;
    if (!column || !dragged) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    for (const other of document.querySelectorAll(".board-column.drop-target")) {
      if (other !== column) other.classList.remove("drop-target");
    }
    column.classList.add("drop-target");
  });
  document.addEventListener("drop", (event) => {
    const column = event.target instanceof Element ? event.target.closest(".board-column") : null;
    if (!column || !dragged) return;
    event.preventDefault();
    const card = dragged;
    column.classList.remove("drop-target");
    refocus = ".move-link";
    if (column.dataset.status !== statusOf(card)) send(card, column.dataset.status);
  });

  function enhance() {
    for (const card of document.querySelectorAll("#board .ticket-card")) {
      card.draggable = true;
      for (const link of card.querySelectorAll(".ticket-title a, .move-link")) {
        link.draggable = false; // the card is dragged, not its links
        link.setAttribute("aria-keyshortcuts", "M Shift+ArrowRight Shift+ArrowLeft");
      }
    }
    for (const help of document.querySelectorAll("[data-board-js]")) help.hidden = false;
  }

  document.addEventListener("DOMContentLoaded", enhance);
  document.addEventListener("htmx:afterSettle", () => {
    if (!board()) return;
    enhance();
    const card = document.querySelector("#board .ticket-card[data-focus]");
    if (!card) return;
    card.removeAttribute("data-focus");
    const target = card.querySelector(refocus) || card.querySelector("a");
    if (target) target.focus();
  });
})();
