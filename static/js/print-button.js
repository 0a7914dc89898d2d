// A "Print" button for public pages (the CSP allows no inline scripts): every
// <button data-print hidden> is shown and prints the page. Without JavaScript the
// buttons stay hidden and the page's print hint says to use the browser's Print command.
document.querySelectorAll("button[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});
