import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "../../ui/theme.css";
import "./dashboard.css";
import { DashboardApp } from "./dashboard-app";

const root = document.getElementById("app");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <DashboardApp />
    </StrictMode>,
  );
}
