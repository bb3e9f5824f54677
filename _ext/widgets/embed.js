// The book's widget runtime: renders the widget state saved in a page, with no kernel.
//
// Bundled by esbuild (_ext/widgets/build.mjs, `npm run build`) from the upstream packages pinned in
// package.json; nothing here implements a widget. It is upstream @jupyter-widgets/html-manager's
// `embed.js` made lighter (0.5 MB instead of 1.9 MB):
// * its manager knows only the ipywidgets 8 modules the book's static widgets use,
//   `@jupyter-widgets/base` and `@jupyter-widgets/controls`: html-manager's own HTMLManager also
//   bundles the ipywidgets 7 models and the Output widget with JupyterLab's rendermime;
// * the saved state is not validated against the ipywidgets JSON schema (ajv): the build wrote it;
// * HTML in control descriptions (`description_allow_html=True`) is refused: the sanitizer it needs
//   (sanitize-html, 0.25 MB) is replaced by one that throws (see build.mjs).
// A page whose state needs any of these fails loudly: the widget shows the upstream error view and
// the browser tests fail.
import * as base from '@jupyter-widgets/base';
import * as controls from '@jupyter-widgets/controls';
import { ManagerBase } from '@jupyter-widgets/base-manager';
import { MessageLoop } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';
import '@lumino/widgets/style/index.css';
import '@jupyter-widgets/controls/css/widgets.css';
import './book-widgets.css';

const WIDGET_STATE = 'application/vnd.jupyter.widget-state+json';
const WIDGET_VIEW = 'application/vnd.jupyter.widget-view+json';

const MODULES = { '@jupyter-widgets/base': base, '@jupyter-widgets/controls': controls };

// Upstream HTMLManager (html-manager/src/htmlmanager.ts) less rendermime, the Output widget and
// the ipywidgets 7 modules.
class BookManager extends ManagerBase {
  constructor() {
    super();
    this._viewList = new Set();
    window.addEventListener('resize', () => {
      this._viewList.forEach((view) => MessageLoop.postMessage(view.luminoWidget, Widget.ResizeMessage.UnknownSize));
    });
  }

  async display_view(view, el) {
    let v;
    try {
      v = await view;
    } catch (error) {
      const msg = `Could not create a view for ${view}`;
      console.error(msg);
      const ErrorModel = base.createErrorWidgetModel(error, msg);
      v = new base.ErrorWidgetView({ model: new ErrorModel() });
      v.render();
    }
    Widget.attach(v.luminoWidget, el);
    this._viewList.add(v);
    v.once('remove', () => this._viewList.delete(v));
  }

  _get_comm_info() {
    return Promise.resolve({});
  }

  _create_comm() {
    return Promise.resolve({ on_close: () => {}, on_msg: () => {}, close: () => {} });
  }

  async loadClass(className, moduleName, moduleVersion) {
    const module = MODULES[moduleName];
    if (module === undefined || !/^[~^]?2\./.test(moduleVersion)) {
      throw new Error(`${moduleName}@${moduleVersion} is not in the book's widget runtime (ipywidgets 8 base and controls only)`);
    }
    if (module[className] === undefined) {
      throw new Error(`Class ${className} not found in module ${moduleName}@${moduleVersion}`);
    }
    return module[className];
  }
}

// Accessibility of the upstream slider views (noUiSlider gives the handle role="slider" but no name, and
// a SelectionSlider's aria-valuetext is its index, "12", not the label the reader sees, "2025"):
// name each handle after the widget's description, and make a selection slider announce its label.
for (const View of Object.values(controls)) {
  if (!View.prototype || !Object.prototype.hasOwnProperty.call(View.prototype, 'createSlider')) continue;
  const createSlider = View.prototype.createSlider;
  View.prototype.createSlider = function (...args) {
    const result = createSlider.apply(this, args);
    const handles = () => this.$slider.querySelectorAll('.noUi-handle');
    const name = this.model.get('description');
    if (name) handles().forEach((h) => h.setAttribute('aria-label', name));
    const labels = this.model.get('_options_labels');
    if (Array.isArray(labels)) {
      // Runs after noUiSlider's own aria update (registered first, at creation).
      this.$slider.noUiSlider.on('update', (values) => {
        handles().forEach((h, i) => {
          const label = labels[Math.round(Number(values[i]))];
          if (label !== undefined) h.setAttribute('aria-valuetext', label);
        });
      });
    }
    return result;
  };
}

// Upstream libembed's renderWidgets / renderManager (html-manager/src/libembed.ts) less the schema
// validation: each view tag whose model is in the page's state is preceded by a rendered view.
async function renderWidgets(element = document.documentElement) {
  const states = [...element.querySelectorAll(`script[type="${WIDGET_STATE}"]`)];
  await Promise.all(states.map(async (tag) => {
    const manager = new BookManager();
    const models = await manager.set_state(JSON.parse(tag.innerHTML));
    const views = [...element.querySelectorAll(`script[type="${WIDGET_VIEW}"]`)];
    await Promise.all(views.map(async (viewtag) => {
      const { model_id } = JSON.parse(viewtag.innerHTML);
      const model = models.find((item) => item.model_id === model_id);
      if (model === undefined || viewtag.parentElement === null) return;
      const widgetTag = document.createElement('div');
      widgetTag.className = 'widget-subarea';
      viewtag.parentElement.insertBefore(widgetTag, viewtag);
      await manager.display_view(manager.create_view(model), widgetTag);
    }));
  }));
}

if (!window._jupyter_widget_embedder) {
  window._jupyter_widget_embedder = true;
  window.addEventListener('load', () => renderWidgets());
}
