import { Component, type ReactNode } from 'react';

/**
 * Around the page: a screen that cannot be shown (its family's screens failed to load, or it
 * threw while rendering) says so in place of the page, with what to do, instead of blanking the
 * window. Going to another page (a new `page` key) tries again.
 */
export class ScreenBoundary extends Component<{ page: string; children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidUpdate(previous: { page: string }) {
    if (previous.page !== this.props.page && this.state.error) this.setState({ error: null });
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="alert alert--error" role="alert">
        <h1 tabIndex={-1}>This page could not be shown</h1>
        <p>{this.state.error.message}</p>
        <p>
          Go back to <a href="#/">your ceremonies</a>, or reload the window to try again.
        </p>
      </div>
    );
  }
}
