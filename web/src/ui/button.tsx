import type { ButtonHTMLAttributes, ComponentChildren } from "preact";

type ButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, "class" | "className"> & {
  variant?: "primary" | "ghost";
  children: ComponentChildren;
};

/** The kit's button; `type` defaults to "button" so a button never submits a form by surprise. */
export function Button({ variant = "primary", type = "button", children, ...rest }: ButtonProps) {
  return (
    <button {...rest} type={type} class={`tl-button${variant === "ghost" ? " tl-button--ghost" : ""}`}>
      {children}
    </button>
  );
}

type IconButtonProps = Omit<ButtonProps, "children" | "aria-label"> & {
  /** Required: an icon alone says nothing to a screen reader. */
  label: string;
  icon: ComponentChildren;
};

export function IconButton({ label, icon, variant = "ghost", type = "button", ...rest }: IconButtonProps) {
  return (
    <button
      {...rest}
      type={type}
      aria-label={label}
      title={label}
      class={`tl-button tl-button--icon${variant === "ghost" ? " tl-button--ghost" : ""}`}
    >
      {icon}
    </button>
  );
}
