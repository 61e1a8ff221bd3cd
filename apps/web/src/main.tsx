import { createRoot } from 'react-dom/client';

createRoot(document.getElementById('root')!).render(<h1>活动总结全流程管理</h1>);
