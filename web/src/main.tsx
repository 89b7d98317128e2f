import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import ConfigProvider from 'antd/es/config-provider';
import viVN from 'antd/es/locale/vi_VN';
import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { ApiError } from './api/client';
import { router } from './routes';
import './styles.css';

dayjs.locale('vi');

// Ant Design's default greys and link blue are below WCAG AA contrast on white (axe "color-contrast"): darker here.
const THEME = {
  token: {
    colorPrimary: '#1d4ed8', colorInfo: '#1d4ed8', colorLink: '#1d4ed8', fontSize: 15,
    // Hover and pressed states stay dark too: white text on Ant Design's lighter hover blue fell below 4.5:1.
    colorPrimaryHover: '#1e40af', colorPrimaryActive: '#1e3a8a', colorLinkHover: '#1e40af', colorLinkActive: '#1e3a8a',
    colorTextPlaceholder: '#6b7280', colorTextDescription: '#4b5563', colorTextTertiary: '#4b5563', colorTextQuaternary: '#6b7280',
  },
};

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2, refetchOnWindowFocus: false },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={viVN} theme={THEME}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </ConfigProvider>
  </StrictMode>,
);
