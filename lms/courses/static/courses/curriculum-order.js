/* The course admin's curriculum inline: reorder rows with up and down buttons (no numbers to type).
   The hidden "order" input of every row is rewritten in the rows' on-screen order. */
"use strict";
(function () {
  function rows(group) {
    return Array.from(group.querySelectorAll("tbody tr.form-row")).filter(function (row) {
      return !row.classList.contains("empty-form");
    });
  }

  function renumber(group) {
    rows(group).forEach(function (row, index) {
      var input = row.querySelector('input[name$="-order"]');
      if (input) {
        input.value = index + 1;
      }
    });
  }

  function addButtons(group, row) {
    if (row.querySelector(".curriculum-move") || row.classList.contains("empty-form")) {
      return;
    }
    var cell = row.querySelector("td.original") || row.querySelector("td");
    var box = document.createElement("span");
    box.className = "curriculum-move";
    [["▲", "Move up", -1], ["▼", "Move down", 1]].forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = spec[0];
      button.title = spec[1];
      button.className = "button";
      button.style.margin = "0 2px";
      button.addEventListener("click", function () {
        var all = rows(group);
        var index = all.indexOf(row);
        var target = all[index + spec[2]];
        if (!target) {
          return;
        }
        if (spec[2] < 0) {
          target.parentNode.insertBefore(row, target);
        } else {
          target.parentNode.insertBefore(target, row);
        }
        renumber(group);
      });
      box.appendChild(button);
    });
    cell.appendChild(box);
  }

  function setUp(group) {
    rows(group).forEach(function (row) {
      addButtons(group, row);
    });
    renumber(group);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".js-curriculum-order").forEach(setUp);
    document.addEventListener("formset:added", function (event) {
      var group = event.target.closest(".js-curriculum-order");
      if (group) {
        setUp(group);
      }
    });
  });
})();
